package org.medirelay.assistant.safety;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.medirelay.assistant.text.Words;

/**
 * Recognises requests for a diagnosis ("do I have diabetes?", "what is wrong with me") or for a
 * treatment decision ("what medicine should I take", "can I stop taking my tablets"), which the
 * assistant never gives, with any engine. Patterns are matched on the normalised words ({@link
 * Words#tokens}), so contractions and case do not matter. App questions that share words with them
 * ("do I have an appointment", "can I take the call on my phone") are not caught: the medical
 * reading needs a medicine or a condition word.
 */
public final class MedicalAdviceGuard {

  /** The kind of request refused. */
  public enum Request {
    DIAGNOSIS,
    TREATMENT
  }

  private static final String MEDICINE_WORDS =
      "medicine|medicines|medication|medications|meds|drug|drugs|pill|pills|tablet|tablets|antibiotic|antibiotics"
          + "|painkiller|painkillers|dose|dosage|doses|ibuprofen|paracetamol|acetaminophen|aspirin|tylenol|advil"
          + "|nurofen|cream|ointment|inhaler|insulin|supplement|supplements|treatment|remedy|mg|antihistamine"
          + "|antidepressant|antidepressants|steroid|steroids";
  private static final String MEDICINE = "(" + MEDICINE_WORDS + ")";
  private static final String CONDITION_WORDS =
      "cancer|tumou?r|covid|flu|influenza|infection|infected|virus|disease|syndrome|disorder|diabetes|diabetic"
          + "|asthma|migraine|pneumonia|fracture|fractured|sprain|sprained|allergy|allergic|depression"
          + "|depressed|anxiety|adhd|autism|arthritis|sepsis|fever|ulcer|hernia|gout|lupus|anemia|anaemia|std|sti"
          + "|hiv|pregnant|serious|dangerous|contagious|infectious|something bad|something wrong|something serious"
          + "|[a-z]+itis|[a-z]+oma|[a-z]+osis|[a-z]+a?emia|[a-z]+pathy";
  private static final String CONDITION = "(" + CONDITION_WORDS + ")";

  private static final List<Pattern> TREATMENT =
      patterns(
          "(what|which) ([a-z]+ ){0,2}" + MEDICINE + " (should|can|could|would|do|must) i",
          "(what|which) ([a-z]+ ){0,2}"
              + MEDICINE
              + " (is|are|would be|works) (best|good|better|safe|right)",
          "(what|which) ([a-z]+ ){0,2}"
              + MEDICINE
              + " (for|to take|to use|would help|helps|will help)",
          "(should|can|could|may|must) i (take|use|have|try|give|double|increase|reduce|skip|mix) ([a-z]+ ){0,4}"
              + MEDICINE,
          "(should|can|could|may) i (stop|keep|start|continue) (taking|using)",
          "how (much|many) ([a-z]+ ){0,3}(should|can|do|could|must) i (take|use|give|have)",
          "what (should|can|could) i (take|use|try|give)",
          "(how|what) (do|can|should|could) i (do to )?(treat|cure|get rid of|fix|heal)",
          "how to (treat|cure|get rid of|heal)",
          "(cure|remedy|remedies) for",
          "(prescribe|give) me ([a-z]+ ){0,2}(" + MEDICINE_WORDS + "|a prescription)",
          "(what|which) (dose|dosage)",
          "is it (safe|ok|okay) to (take|mix|combine|stop)",
          "recommend (a |an |some |any )?([a-z]+ )?" + MEDICINE);

  private static final List<Pattern> DIAGNOSIS =
      patterns(
          "what is (wrong|the matter) with me",
          "what (do|have|could|might) i (have|got|have got)( [.;!?,]|$)",
          "(diagnose|diagnosis|diagnosing) (me|my|this|it)",
          "can you diagnose",
          "give me a diagnosis",
          "(do|could|might|may|have) i (have|got|be) ([a-z]+ ){0,3}" + CONDITION,
          "(is|could|might|can) (it|this|that) (be )?([a-z]+ ){0,3}" + CONDITION,
          "am i ([a-z]+ )?(sick|ill|dying|" + CONDITION_WORDS + ")",
          "should i (be )?(worried|worry|concerned)",
          "how (serious|bad|dangerous) is (it|this|that|my)",
          "what (could|might|would) (it|this|that) be",
          "what is causing (it|this|that|my)",
          "what do(es)? my ([a-z]+ ){0,3}(results?|scans?|tests?|levels?|numbers?) mean",
          "interpret my");

  private static List<Pattern> patterns(String... regexes) {
    return Arrays.stream(regexes).map(r -> Pattern.compile("(^| )" + r + "($| )")).toList();
  }

  /** The kind of medical request the message makes, if it makes one. */
  public Optional<Request> classify(String message) {
    String words = String.join(" ", Words.tokens(message));
    if (TREATMENT.stream().anyMatch(p -> p.matcher(words).find())) {
      return Optional.of(Request.TREATMENT);
    }
    if (DIAGNOSIS.stream().anyMatch(p -> p.matcher(words).find())) {
      return Optional.of(Request.DIAGNOSIS);
    }
    return Optional.empty();
  }

  /** The refusal the patient reads: says what the assistant cannot do, and who can. */
  public static String refusal(Request request) {
    String what =
        request == Request.DIAGNOSIS
            ? "I can't tell you what is causing your symptoms or whether you have a condition: I'm an automated"
                + " assistant and I never diagnose."
            : "I can't recommend, start, stop or change any medicine or treatment: I'm an automated assistant and I"
                + " never prescribe. Please don't change how you take your medicines without asking a doctor or"
                + " pharmacist.";
    return what
        + " Your doctor can answer this at your consultation, and I'll note your question for them if you are doing"
        + " your pre-visit questions. If you feel worse before then, contact the clinic; in an emergency call your"
        + " local emergency number.";
  }
}
