package dev.ciofake.internal.util;

import dev.ciofake.FakeClock;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks when the fake's clock reaches their time, so an advanced clock sends due webhook events at once. One
 * timer thread watches the queue (started on first use, waking at least every {@value #POLL_MILLIS} ms while tasks
 * wait, to see an advanced clock); the tasks run on a small pool, so a slow webhook endpoint never holds the timer.
 * Pending tasks are bounded ({@value #MAX_PENDING}); past that a task is dropped and counted.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
  static final long POLL_MILLIS = 20;
  static final int MAX_PENDING = 100_000;

  private final FakeClock clock;
  private final String name;
  private final int threads;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private Thread timer;
  private ExecutorService pool;
  private boolean closed;

  private record Task(long dueNanos, long seq, Runnable run) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  public Scheduler(FakeClock clock, String name, int threads) {
    this.clock = clock;
    this.name = name;
    this.threads = threads;
  }

  /** Runs {@code task} once {@code delayMillis} of the fake's time have passed. */
  public void schedule(Runnable task, long delayMillis) {
    long due = clock.nanoTime() + Math.max(0, delayMillis) * 1_000_000L;
    synchronized (queue) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_PENDING) {
        dropped.incrementAndGet();
        LOG.warning("cio-fake: more than " + MAX_PENDING + " scheduled tasks pending; one was dropped");
        return;
      }
      queue.add(new Task(due, sequence.incrementAndGet(), task));
      if (timer == null) {
        pool = Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
        timer = new Thread(this::loop, name + "-timer");
        timer.setDaemon(true);
        timer.start();
      }
      queue.notifyAll();
    }
  }

  /** Tasks dropped because too many were pending. */
  public long dropped() {
    return dropped.get();
  }

  /** Tasks waiting for their time. */
  public int pending() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void loop() {
    while (true) {
      Task due;
      synchronized (queue) {
        while (true) {
          if (closed) {
            return;
          }
          Task head = queue.peek();
          if (head == null) {
            waitOn(0);
            continue;
          }
          long wait = head.dueNanos() - clock.nanoTime();
          if (wait <= 0) {
            due = queue.poll();
            break;
          }
          waitOn(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(wait) + 1)));
        }
      }
      try {
        pool.execute(() -> {
          try {
            due.run().run();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cio-fake: a scheduled task failed", e);
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return; // closed meanwhile
      }
    }
  }

  private void waitOn(long millis) {
    try {
      queue.wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Drops what is pending and stops the threads. */
  @Override
  public void close() {
    ExecutorService p;
    synchronized (queue) {
      closed = true;
      queue.clear();
      queue.notifyAll();
      p = pool;
    }
    if (p != null) {
      p.shutdownNow();
      try {
        p.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
