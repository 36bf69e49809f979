package dev.ciofake.bench;

import java.util.Collection;
import java.util.Locale;
import org.HdrHistogram.DoubleHistogram;

/** Median and range of a few figures (rounds, pauses), through HdrHistogram at 3 significant digits. */
final class Stats {
  private final DoubleHistogram h = new DoubleHistogram(3);
  private int count;

  static Stats of(Collection<Double> values) {
    Stats s = new Stats();
    values.forEach(s::add);
    return s;
  }

  Stats add(double v) {
    if (!Double.isNaN(v) && v >= 0) {
      h.recordValue(v);
      count++;
    }
    return this;
  }

  int count() {
    return count;
  }

  double median() {
    return count == 0 ? Double.NaN : h.getValueAtPercentile(50);
  }

  double min() {
    return count == 0 ? Double.NaN : h.getMinValue();
  }

  double max() {
    return count == 0 ? Double.NaN : h.getMaxValue();
  }

  /** "median (min-max)" in the format given, or "-" without figures. */
  String spread(String fmt) {
    if (count == 0) {
      return "-";
    }
    return count == 1 ? f(fmt, median())
        : f(fmt, median()) + " (" + f(fmt, min()) + "-" + f(fmt, max()) + ")";
  }

  static String f(String fmt, double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
  }
}
