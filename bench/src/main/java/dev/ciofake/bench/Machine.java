package dev.ciofake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the rest of the machine did meanwhile: on a shared machine a figure means little without it. A
 * {@link Sample} reads the load average and the CPU time of the whole machine, of the bench (with the children it
 * waited for, such as wrk) and of the server process; {@link #othersShare} is the share of the machine's CPU that
 * none of them used between two samples.
 */
final class Machine {
  private Machine() {}

  /** A reading of the CPU counters (clock ticks) and the load average. */
  record Sample(long nanos, long machineBusy, long machineTotal, long ours, String loadAverage) {}

  static Sample sample(long serverPid) {
    long busy = 0;
    long total = 0;
    String[] cpu = firstLine(Path.of("/proc/stat")).trim().split("\\s+");
    for (int i = 1; i < cpu.length; i++) {
      long v = Long.parseLong(cpu[i]);
      total += v;
      if (i != 4 && i != 5) { // idle, iowait
        busy += v;
      }
    }
    long ours = ticks(Path.of("/proc/self/stat"), true) + (serverPid > 0 ? ticks(Path.of("/proc/" + serverPid
        + "/stat"), true) : 0);
    return new Sample(System.nanoTime(), busy, total, ours, loadAverage());
  }

  /** The share of all the machine's CPU (0..1) used by processes other than the bench, its children and the server. */
  static double othersShare(Sample from, Sample to) {
    long total = to.machineTotal() - from.machineTotal();
    if (total <= 0) {
      return 0;
    }
    long others = (to.machineBusy() - from.machineBusy()) - (to.ours() - from.ours());
    return Math.max(0, others) / (double) total;
  }

  static String loadAverage() {
    String[] f = firstLine(Path.of("/proc/loadavg")).split(" ");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
  }

  static String oneMinuteLoad() {
    return loadAverage().split(" ")[0];
  }

  /** utime + stime (+ the waited-for children's cutime + cstime) of a /proc stat file, in clock ticks. */
  private static long ticks(Path stat, boolean children) {
    String s = firstLine(stat);
    int close = s.lastIndexOf(')');
    if (close < 0) {
      return 0;
    }
    String[] f = s.substring(close + 2).split(" ");
    // fields after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return children ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
  }

  private static String firstLine(Path p) {
    try {
      String s = Files.readString(p);
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    } catch (IOException e) {
      return "";
    }
  }
}
