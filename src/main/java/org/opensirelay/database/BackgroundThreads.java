package org.opensirelay.database;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * How the relay's background threads end on a stop: told to take no new work, and waited for while
 * they finish what they are doing, before the database closes. Interrupting them instead
 * ({@code shutdownNow}) and going on cut statements short, and a thread still at the database when it
 * closed logged a WARN on a normal stop (issue 35).
 */
public final class BackgroundThreads {

    /**
     * The {@code SmartLifecycle} phase of work that requests start (immediate delivery, the delivery
     * runs): stopped once the web server has finished the requests under way and stopped
     * ({@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}), so that no request hands it
     * anything more, and before any bean is destroyed (the connection pool among them).
     */
    public static final int STOP_PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

    private BackgroundThreads() {}

    /** Daemon threads named {@code name}: they never hold the JVM up on their own. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs nothing new on {@code threads} (periodic tasks are cancelled), lets what runs finish for at
     * most {@code within}, then interrupts what is left. Returns whether every thread ended.
     */
    public static boolean stop(ExecutorService threads, Duration within) {
        threads.shutdown();
        try {
            if (threads.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            threads.shutdownNow();
            return threads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for {@code thread} to end, at most {@code within}. */
    public static void join(Thread thread, Duration within) {
        try {
            thread.join(within.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
