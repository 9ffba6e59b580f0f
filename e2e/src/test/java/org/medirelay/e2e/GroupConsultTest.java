package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.e2e.LibwebrtcParticipants.Received;
import org.medirelay.e2e.LibwebrtcParticipants.Report;
import org.medirelay.e2e.LibwebrtcParticipants.Stream;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.CallStatsRecorder;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.LinkConditions;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A group consult of four, one of them on a weak downlink (issue 11's case): the patient in
 * Chromium, on a shaped link capped to {@value #CAP_KBIT} kbit/s, and three others (the doctor, who
 * hosts, an interpreter and a second doctor) as libwebrtc clients on the host, each sending its
 * camera as three simulcast layers up to {@value #TOP} lines. A 2-core machine cannot run four
 * browsers and the servers; libwebrtc is what Chromium runs inside. Under the cap:
 *
 * <ul>
 *   <li>the three others keep receiving each other's top layer (in at least three quarters of the
 *       seconds measured), moving;
 *   <li>the patient receives the sound of all three, hardly concealed, and the video of all three,
 *       moving, at the layers the cap carries rather than the top one.
 * </ul>
 */
class GroupConsultTest {

  /**
   * Not enough for the trio's top layers (about 600 kbit/s each), enough for their lower ones
   * (about 150 kbit/s each at 180 lines) beside three voices (about 67 kbit/s each on the wire). At
   * 800 kbit/s the three lowest layers and the voices fill the link, and the node keeps one of the
   * pictures paused most of the time.
   */
  private static final long CAP_KBIT = 1000;

  private static final int TOP = 360;
  private static final Duration MEASURED = Duration.ofSeconds(20);

  /** Each inbound stream of the page's connection: its size, frames, samples and bytes so far. */
  private static final String STREAMS =
      "const done = arguments[arguments.length - 1];"
          + "const call = window.mediRelayCall;"
          + "if (!call || !call.pc) { done(null); return; }"
          + "call.pc.getStats().then(report => {"
          + "  const out = {};"
          + "  report.forEach(s => {"
          + "    if (s.type === 'inbound-rtp' && (s.packetsReceived || 0) > 0) out[s.id] = {"
          + "      kind: s.kind, height: s.frameHeight || 0, frames: s.framesDecoded || 0,"
          + "      samples: s.totalSamplesReceived || 0, concealed: s.concealedSamples || 0,"
          + "      bytes: s.bytesReceived || 0};"
          + "  });"
          + "  done(out);"
          + "}, () => done(null));";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  @Test
  void theOthersKeepTheirTopLayerAndTheOneOnAWeakLinkHearsAllAndSeesWhatItCanCarry()
      throws Exception {
    try (ShapedCall call = ShapedCall.start(work)) {
      AppWithMediaNode servers = call.servers();
      Map<String, String> links =
          servers.newConsult("group-", "Sam On-A-Slow-Link", "Ana, interpreter", "Dr. Ben Ito");
      Map<String, String> others = new LinkedHashMap<>();
      others.put("Dr. Ada Osei", links.get("doctor"));
      others.put("Ana, interpreter", links.get("Ana, interpreter"));
      others.put("Dr. Ben Ito", links.get("Dr. Ben Ito"));
      try (LibwebrtcParticipants trio =
              LibwebrtcParticipants.join(servers.signalingUrl, others, 640, TOP, 15);
          Patient patient = new Patient(call.patientBrowser())) {
        trio.await(
            r -> receivesVideoFrom(r, 2), Duration.ofSeconds(30), "each decodes the other two");
        patient.join(links.get("patient"));
        trio.await(r -> receivesVideoFrom(r, 3), Duration.ofSeconds(30), "each decodes three");

        call.link().downlink(LinkConditions.cap(CAP_KBIT));
        Thread.sleep(5_000);
        Report before = trio.latest();
        Map<String, Map<String, Object>> patientBefore = patient.streams();
        long from = System.currentTimeMillis();
        Thread.sleep(MEASURED.toMillis());
        long to = System.currentTimeMillis();
        Report after = trio.latest();
        Map<String, Map<String, Object>> patientAfter = patient.streams();
        double seconds = (to - from) / 1000.0;
        Thread.sleep(1_200); // the recorder's sample at or after the window's end
        CallWindow weak = patient.recorder.collect().window(from, to);

        System.out.println(
            "group of four, the patient's downlink capped to " + CAP_KBIT + " kbit/s:");
        System.out.println("  the patient receives (all streams): " + weak);
        List<String> patientLines = patientStreams(patientBefore, patientAfter, seconds);
        patientLines.forEach(line -> System.out.println("    " + line));
        List<String> trioLines = trioStreams(before, after, seconds);
        trioLines.forEach(line -> System.out.println("  " + line));

        // The three others: each other's top layer, moving; everyone's sound.
        for (Map.Entry<String, Received> member : after.byName().entrySet()) {
          Received then = before.byName().get(member.getKey());
          for (Received other : after.byName().values()) {
            if (other == member.getValue()) {
              continue;
            }
            String video = other.id() + "/video";
            Stream now = member.getValue().streams().get(video);
            // Read once a second over the window, not at its last instant: a publisher's own
            // libwebrtc stops its top layer for a second now and then when the machine is short of
            // CPU (three encoders share one process here), and the switch back takes a keyframe.
            List<Integer> heights =
                trio.between(from, to).stream()
                    .map(r -> r.byName().get(member.getKey()).streams().get(video))
                    .map(stream -> stream == null ? 0 : stream.height())
                    .toList();
            assertThat(heights.stream().filter(h -> h == TOP).count())
                .as(
                    "seconds one of the trio gets another's top layer, of %s\n%s",
                    heights, trioLines)
                .isGreaterThanOrEqualTo(heights.size() * 3L / 4)
                .isPositive();
            assertThat((now.framesDecoded() - then.streams().get(video).framesDecoded()) / seconds)
                .as("frames per second one of the trio decodes of another\n%s", trioLines)
                .isGreaterThanOrEqualTo(8);
          }
        }
        // The patient: three voices, hardly concealed; three pictures, moving, within the cap.
        Map<String, Map<String, Object>> audio = ofKind(patientAfter, "audio");
        // Streams with pictures: the node's probes come as padding on a stream of their own.
        Map<String, Map<String, Object>> video = ofKind(patientAfter, "video");
        video.values().removeIf(stream -> number(stream, "frames") == 0);
        assertThat(audio).as("the patient's audio streams\n%s", patientLines).hasSize(3);
        assertThat(video).as("the patient's video streams\n%s", patientLines).hasSize(3);
        for (String id : audio.keySet()) {
          long samples = delta(patientBefore, patientAfter, id, "samples");
          long concealed = delta(patientBefore, patientAfter, id, "concealed");
          assertThat(samples).as("audio the patient played\n%s", patientLines).isPositive();
          // The tbf queue that holds the cap drops what overflows it, sound included: 0.1 %
          // concealed in a quiet run.
          assertThat((double) concealed / samples)
              .as("share of one voice concealed for the patient\n%s", patientLines)
              .isLessThanOrEqualTo(0.05);
        }
        for (String id : video.keySet()) {
          assertThat(delta(patientBefore, patientAfter, id, "frames") / seconds)
              .as("frames per second the patient decodes of one of the trio\n%s", patientLines)
              .isGreaterThanOrEqualTo(5);
        }
        assertThat(video.values().stream().mapToLong(s -> number(s, "height")).min().orElse(0))
            .as("the lowest layer the patient decodes is below the top\n%s", patientLines)
            .isLessThan(TOP);
        assertThat(weak.videoKbps())
            .as("video reaching the patient through %d kbit/s: %s", CAP_KBIT, weak)
            .isLessThan(CAP_KBIT);
      } finally {
        call.link().clear();
      }
    }
  }

  /** The patient's page, in the namespace: joins, is admitted by the host, and is read. */
  private static final class Patient implements AutoCloseable {
    final ChromeDriver page;
    final CallStatsRecorder recorder;

    Patient(ChromeDriver page) {
      this.page = page;
      this.recorder = CallStatsRecorder.install(page);
    }

    void join(String link) {
      page.get(link);
      Browsers.pressJoin(page);
      Browsers.awaitActive(page); // the host among the trio admits whoever waits
      Browsers.awaitFlowing(page, 3);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> streams() {
      Object value = page.executeAsyncScript(STREAMS);
      return value == null ? Map.of() : (Map<String, Map<String, Object>>) value;
    }

    @Override
    public void close() {
      page.quit();
    }
  }

  /** Whether each of the trio decodes video from at least {@code publishers} others. */
  private static boolean receivesVideoFrom(Report report, int publishers) {
    return report.byName().size() == 3
        && report.byName().values().stream()
            .allMatch(
                r ->
                    r.streams().entrySet().stream()
                            .filter(e -> e.getKey().endsWith("/video"))
                            .filter(e -> e.getValue().framesDecoded() > 0)
                            .count()
                        >= publishers);
  }

  private static Map<String, Map<String, Object>> ofKind(
      Map<String, Map<String, Object>> streams, String kind) {
    Map<String, Map<String, Object>> found = new HashMap<>();
    streams.forEach(
        (id, s) -> {
          if (kind.equals(s.get("kind"))) {
            found.put(id, s);
          }
        });
    return found;
  }

  private static long number(Map<String, Object> stream, String field) {
    Object value = stream.get(field);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static long delta(
      Map<String, Map<String, Object>> before,
      Map<String, Map<String, Object>> after,
      String id,
      String field) {
    return number(after.get(id), field) - number(before.getOrDefault(id, Map.of()), field);
  }

  private static List<String> patientStreams(
      Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after, double s) {
    return after.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e -> {
              String id = e.getKey();
              Map<String, Object> now = e.getValue();
              long kbps = Math.round(delta(before, after, id, "bytes") * 8 / s / 1000);
              return "audio".equals(now.get("kind"))
                  ? String.format(
                      "audio %s: %d kbit/s, %.1f %% concealed",
                      id,
                      kbps,
                      100.0
                          * delta(before, after, id, "concealed")
                          / Math.max(1, delta(before, after, id, "samples")))
                  : String.format(
                      "video %s: %d lines, %.1f fps, %d kbit/s",
                      id, number(now, "height"), delta(before, after, id, "frames") / s, kbps);
            })
        .toList();
  }

  private static List<String> trioStreams(Report before, Report after, double seconds) {
    return after.byName().entrySet().stream()
        .map(
            e -> {
              Received now = e.getValue();
              Received then = before.byName().get(e.getKey());
              StringBuilder line = new StringBuilder(e.getKey() + " receives:");
              now.streams()
                  .forEach(
                      (stream, s) -> {
                        Stream was = then.streams().getOrDefault(stream, new Stream(0, 0, 0, 0));
                        if (stream.endsWith("/video") && s.framesDecoded() > 0) {
                          line.append(
                              String.format(
                                  " %s %d lines %.1f fps;",
                                  stream,
                                  s.height(),
                                  (s.framesDecoded() - was.framesDecoded()) / seconds));
                        } else if (stream.endsWith("/audio")) {
                          // Concealed among the trio too: the voice's source, not the patient's
                          // link.
                          line.append(
                              String.format(
                                  " %s %.1f %% concealed;",
                                  stream,
                                  100.0
                                      * (s.concealed() - was.concealed())
                                      / Math.max(1, s.samples() - was.samples())));
                        }
                      });
              return line.toString();
            })
        .toList();
  }
}
