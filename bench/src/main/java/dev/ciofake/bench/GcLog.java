package dev.ciofake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's {@code -Xlog:gc,gc+heap,gc+init:file=...:timemillis,tags} log, read for a window of wall-clock time:
 * its pauses, the heap it allocated (between two collections: the heap before the later one less the heap after
 * the earlier one) and what survived its young collections.
 */
final class GcLog {
  /** The JVM flag that writes the log this class reads. */
  static String flag(Path file) {
    return "-Xlog:gc,gc+heap,gc+init:file=" + file + ":timemillis,tags";
  }

  private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ms\\]\\[([\\w,]+)\\s*\\] (?:GC\\((\\d+)\\) )?(.*)$");
  private static final Pattern PAUSE = Pattern.compile("^(Pause [^(]*?)\\s*(?:\\(.*\\))?\\s+"
      + "(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\) ([\\d.]+)ms$");
  private static final Pattern SURVIVOR = Pattern.compile("^Survivor regions: \\d+->(\\d+)\\(\\d+\\)$");
  private static final Pattern REGION = Pattern.compile("^Heap Region Size: (\\d+)([KMG])$");

  /** One pause: when it ended, its kind ("Pause Young", "Pause Full", ...), heap before and after (MB), length. */
  record Pause(long atMillis, int gc, String kind, double beforeMb, double afterMb, double ms) {
    boolean young() {
      return kind.startsWith("Pause Young");
    }
  }

  /** What a window of the log says. */
  record Window(List<Double> youngPausesMs, double pausesTotalMs, int pauses, double allocatedMbPerSecond,
      List<Double> survivorsMb, double lastAfterMb) {}

  private final List<Pause> pauses = new ArrayList<>();
  private final Map<Integer, Integer> survivorRegions = new HashMap<>();
  private double regionMb = 1;

  private GcLog() {}

  static GcLog read(Path file) throws IOException {
    GcLog log = new GcLog();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String text = m.group(4);
      Matcher r = REGION.matcher(text);
      if (r.matches()) {
        log.regionMb = mb(Double.parseDouble(r.group(1)), r.group(2));
        continue;
      }
      if (m.group(3) == null) {
        continue;
      }
      int gc = Integer.parseInt(m.group(3));
      Matcher s = SURVIVOR.matcher(text);
      if (s.matches()) {
        log.survivorRegions.put(gc, Integer.parseInt(s.group(1)));
        continue;
      }
      Matcher p = PAUSE.matcher(text);
      if (p.matches()) {
        log.pauses.add(new Pause(Long.parseLong(m.group(1)), gc, p.group(1).trim(),
            mb(Double.parseDouble(p.group(2)), p.group(3)), mb(Double.parseDouble(p.group(4)), p.group(5)),
            Double.parseDouble(p.group(6))));
      }
    }
    return log;
  }

  private static double mb(double v, String unit) {
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  List<Pause> pauses() {
    return pauses;
  }

  /** The pauses that ended within [fromMillis, toMillis] of wall-clock time. */
  Window window(long fromMillis, long toMillis) {
    List<Double> young = new ArrayList<>();
    List<Double> survivors = new ArrayList<>();
    double total = 0;
    int count = 0;
    double allocated = 0;
    long spanFrom = -1;
    long spanTo = -1;
    double lastAfter = Double.NaN;
    Pause previous = null;
    for (Pause p : pauses) {
      if (p.atMillis() >= fromMillis && p.atMillis() <= toMillis) {
        total += p.ms();
        count++;
        lastAfter = p.afterMb();
        if (p.young()) {
          young.add(p.ms());
          Integer regions = survivorRegions.get(p.gc());
          if (regions != null) {
            survivors.add(regions * regionMb);
          }
          if (previous != null) {
            allocated += Math.max(0, p.beforeMb() - previous.afterMb());
            spanFrom = spanFrom < 0 ? previous.atMillis() : spanFrom;
            spanTo = p.atMillis();
          }
        }
      }
      previous = p;
    }
    double rate = spanTo > spanFrom && spanFrom >= 0 ? allocated / ((spanTo - spanFrom) / 1000.0) : Double.NaN;
    return new Window(young, total, count, rate, survivors, lastAfter);
  }

  /** The heap after the last full collection (a {@code jcmd GC.run}), in MB, or NaN. */
  double lastFullAfterMb() {
    for (int i = pauses.size() - 1; i >= 0; i--) {
      if (pauses.get(i).kind().startsWith("Pause Full")) {
        return pauses.get(i).afterMb();
      }
    }
    return Double.NaN;
  }
}
