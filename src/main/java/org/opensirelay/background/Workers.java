package org.opensirelay.background;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The threads of one kind of the relay's background work: made when the application starts, ended
 * when it stops, and named for what they run ({@code relay-webhook-delivery-1}). Its owner, a
 * Spring bean, is a {@link SmartLifecycle} that calls {@link #start()} and {@link #stop()}: a
 * stopped context (a test's cached context paused while another runs, a stop before a close) leaves
 * none of them running, and a context started again makes them anew (an executor cannot be
 * restarted). Before the first start and after a stop, work handed to it is refused
 * ({@link RejectedExecutionException}); it is an {@link Executor} itself, so that a client (an
 * {@code HttpClient}, a {@code CompletableFuture}) keeps one for the application's whole life.
 * <p>
 * A stop tells the threads to take no new work (periodic tasks are cancelled) and waits, at most a
 * bounded time, for the work under way to finish, before interrupting what is left: interrupting
 * at once cut database statements short, and a thread still at the database when it closed logged
 * a WARN on a normal stop (issue 35). Every stop happens before any bean is destroyed, the connection
 * pool among them.
 */
public final class Workers implements Executor {

    /**
     * The {@code SmartLifecycle} phase of work that requests hand over (immediate delivery, the
     * delivery runs, the combined writes, the pass-through calls): stopped once the web server has
     * finished the requests under way and stopped
     * ({@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}), so that no request hands it
     * anything more; started before the web server.
     */
    public static final int AFTER_WEB_SERVER = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

    /**
     * The phase of workers the work of {@link #AFTER_WEB_SERVER} uses (a delivery run's extra
     * batches): stopped after it, started before it.
     */
    public static final int UNDER_REQUEST_WORK = AFTER_WEB_SERVER - 512;

    /**
     * The phase of the clients that work uses to reach others (the shops' HTTP client): stopped
     * after all of it, started before.
     */
    public static final int CLIENTS = AFTER_WEB_SERVER - 1536;

    /**
     * The phase of work that runs on its own clock (the website refresh, backups, the retention
     * purge, the planner's statistics, the backlog gauges' look at start): stopped last, after
     * everything that requests or deliveries started, and started first. Last matters for the
     * website registry above all: Spring stops a lifecycle bean's dependents with it, whatever their
     * phase, and most of the relay's workers depend on the registry.
     */
    public static final int SELF_DRIVEN = AFTER_WEB_SERVER - 2048;

    private final String name;
    private final Duration stopWithin;
    private final Function<ThreadFactory, ? extends ExecutorService> make;
    private final AtomicInteger made = new AtomicInteger();
    private volatile ExecutorService current;

    private Workers(String what, Duration stopWithin, Function<ThreadFactory, ? extends ExecutorService> make) {
        this.name = "relay-" + what;
        this.stopWithin = stopWithin;
        this.make = make;
    }

    /** {@code threads} threads at most, work beyond them queued. */
    public static Workers fixed(String what, int threads, Duration stopWithin) {
        return new Workers(what, stopWithin, factory -> Executors.newFixedThreadPool(threads, factory));
    }

    /** As many threads as there is work; one idle for a minute ends. */
    public static Workers growing(String what, Duration stopWithin) {
        return new Workers(what, stopWithin, Executors::newCachedThreadPool);
    }

    /** One thread while there is work, queued behind it; none a moment after. */
    public static Workers occasional(String what, Duration stopWithin) {
        return new Workers(
                what,
                stopWithin,
                factory -> new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory));
    }

    /** One thread for periodic or delayed work ({@link #scheduler()}, {@link #startEvery}). */
    public static Workers scheduled(String what, Duration stopWithin) {
        return new Workers(what, stopWithin, Executors::newSingleThreadScheduledExecutor);
    }

    /** Threads made by {@code make} from the named thread factory it is given. */
    public static Workers of(
            String what, Duration stopWithin, Function<ThreadFactory, ? extends ExecutorService> make) {
        return new Workers(what, stopWithin, make);
    }

    /** Makes the threads' executor, unless it runs already; returns it. */
    public synchronized ExecutorService start() {
        ExecutorService running = current;
        if (running == null || running.isShutdown()) {
            running = make.apply(threads());
            current = running;
        }
        return running;
    }

    /**
     * Unless it runs already: starts (see {@link #scheduled}) and runs {@code task} every
     * {@code period}, the first time one period after the start, each next time one period after
     * the last ended.
     */
    public synchronized void startEvery(Duration period, Runnable task) {
        if (!running()) {
            long millis = period.toMillis();
            ((ScheduledExecutorService) start()).scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * No new work; the work under way finishes within the time given at creation, then what is left is
     * interrupted. Returns whether every thread ended.
     */
    public boolean stop() {
        return stop(stopWithin);
    }

    /** As {@link #stop()}, the work under way given {@code within} (zero: interrupted at once). */
    public boolean stop(Duration within) {
        ExecutorService running = current;
        if (running == null) {
            return true;
        }
        running.shutdown();
        try {
            if (running.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            running.shutdownNow();
            return running.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether it has been started and not stopped since. */
    public boolean running() {
        ExecutorService running = current;
        return running != null && !running.isShutdown();
    }

    /** The executor of the current start (refusing work once stopped); refused before the first start. */
    public ExecutorService executor() {
        ExecutorService running = current;
        if (running == null) {
            throw new RejectedExecutionException(name + " has not been started");
        }
        return running;
    }

    /** The executor of the current start, for periodic and delayed work ({@link #scheduled}). */
    public ScheduledExecutorService scheduler() {
        return (ScheduledExecutorService) executor();
    }

    /** Runs {@code task} on one of the threads; refused while stopped. */
    @Override
    public void execute(Runnable task) {
        executor().execute(task);
    }

    /**
     * Daemon threads named {@code relay-<what>-<n>}: they never hold the JVM up on their own (the
     * stop above is what ends them in order), and a thread dump says what each runs.
     */
    public ThreadFactory threads() {
        return task -> {
            Thread thread = new Thread(task, name + "-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
