package dev.ciofake.audit;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The progress line of a large audit, on stderr: rewritten in place on a terminal ({@code live}), one line every few
 * seconds in CI logs ({@code plain}), or nothing ({@code quiet}). {@code auto} shows it only for trees of
 * {@value #AUTO_THRESHOLD} files or more, live on a terminal and plain elsewhere.
 */
final class Progress implements AutoCloseable {
  static final int AUTO_THRESHOLD = 1000;

  enum Mode { AUTO, LIVE, PLAIN, QUIET }

  private final PrintStream err;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private volatile String phase = "reading";
  private Mode mode;
  private Thread ticker;
  private volatile boolean closed;

  Progress(Mode mode, PrintStream err) {
    this.mode = mode;
    this.err = err;
  }

  static Progress quiet() {
    return new Progress(Mode.QUIET, System.err);
  }

  /** Starts showing, once the number of files is known. */
  void start(int files) {
    total.set(files);
    if (mode == Mode.AUTO) {
      mode = files < AUTO_THRESHOLD ? Mode.QUIET : System.console() != null ? Mode.LIVE : Mode.PLAIN;
    }
    if (mode == Mode.QUIET) {
      return;
    }
    long every = mode == Mode.LIVE ? 200 : 3000;
    ticker = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(every);
        } catch (InterruptedException e) {
          return;
        }
        if (!closed) {
          print(false);
        }
      }
    }, "cio-audit-progress");
    ticker.setDaemon(true);
    ticker.start();
  }

  void phase(String name, int moreFiles) {
    phase = name;
    total.addAndGet(moreFiles);
  }

  void tick() {
    done.incrementAndGet();
  }

  private synchronized void print(boolean last) {
    String line = "cio-fake audit: " + phase + " " + done.get() + "/" + total.get() + " files";
    if (mode == Mode.LIVE) {
      err.print("\r" + line + (last ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  @Override
  public void close() {
    closed = true;
    if (ticker != null) {
      ticker.interrupt();
      phase = "done";
      print(true);
    }
  }
}
