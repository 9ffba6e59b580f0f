package org.medirelay.assistant.safety;

import java.util.List;
import org.medirelay.assistant.text.Phrases;

/**
 * One time-critical presentation the assistant answers with an emergency instruction, as written in
 * {@code assistant/red-flags/rules.txt}: what the doctor reads, the published triage rule it
 * follows, what the patient is told, and the signs that raise it.
 *
 * @param id the presentation's name in the rules ("cardiac-chest-pain")
 * @param label what the doctor reads ("chest pain that may be a heart attack")
 * @param sources the public triage rules this presentation follows
 * @param emergency whether the reply sends the patient to emergency services
 * @param crisis whether the reply gives the crisis line
 * @param firstStep what to do while help is on its way (standard first aid), or empty
 * @param pastCounts whether a mention in the past still counts ("I took an overdose last night")
 * @param signs the ways it shows in a patient's words; any one raises it
 * @param lookAlikes phrases that do not count where they overlap a sign ("food poisoning")
 */
public record RedFlag(
    String id,
    String label,
    List<String> sources,
    boolean emergency,
    boolean crisis,
    String firstStep,
    boolean pastCounts,
    List<Sign> signs,
    Phrases lookAlikes) {

  public RedFlag {
    sources = List.copyOf(sources);
    signs = List.copyOf(signs);
  }
}
