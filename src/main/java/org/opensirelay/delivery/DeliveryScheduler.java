package org.opensirelay.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import org.opensirelay.background.Workers;
import org.opensirelay.ingest.ItemsAccepted;
import org.opensirelay.returns.ReturnChangesQueued;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
import org.opensirelay.website.WebsitesChanged;
import org.quartz.DateBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps one recurring Quartz job per website that has a shop (in the database's job store, so
 * schedules survive restarts), and fires it at once after commits for websites in immediate mode.
 * <p>
 * A nudge adds no trigger: it moves the website's recurring trigger to now (the same trigger, its
 * interval counted from then), unless it is due already. A trigger per accepted request, as
 * earlier releases made, left thousands behind a {@code kill -9}, and the website's recurring run
 * fell to about once a minute (issue 36); their one-shot triggers are removed at start. One trigger
 * per website also keeps runs from overlapping across nodes: when two nodes had each acquired a
 * trigger of the same website, the one whose firing the other's run blocked gave it back unblocked
 * (Quartz's {@code releaseAcquiredTrigger}), and fired it beside that run.
 * <p>
 * On a stop ({@link Workers#AFTER_WEB_SERVER}: the web server has finished its requests) no nudge
 * is sent any more, and the runs under way finish and record the shop's answer while every part of the
 * relay is still there, before the database closes.
 *
 * <p><b>Why one class of this size</b> (≈460 lines): the Quartz scheduler's lifecycle, the one
 * recurring trigger per website kept in step with the websites, and the nudges that move it act on
 * the same triggers under the same transaction helper; half of its lines are the reasons above,
 * written where the code they explain is.
 */
@Component
class DeliveryScheduler implements SmartLifecycle {

    static final String GROUP = "delivery";
    static final int SCHEDULED_AT_ONCE = 250;
    /** How Quartz names the one-shot triggers of {@link Scheduler#triggerJob} (earlier releases nudged so). */
    private static final String MANUAL_TRIGGER_PREFIX = "MT_";

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

    /**
     * Quartz, looked up when first used: injected directly, this bean would depend on it, and Spring
     * would stop it with Quartz (first of all, before the web server has finished its requests) and
     * start it after Quartz (after the triggers left over had begun to fire).
     */
    private final ObjectProvider<Scheduler> quartz;

    private final WebsiteRegistry websites;
    /** The thread that sends nudges ({@code relay-delivery-trigger-1}), made anew at each start. */
    private final Workers triggers;
    /** Websites whose nudge waits on {@link #triggers}: a second one adds nothing. */
    private final Set<String> nudgesWaiting = ConcurrentHashMap.newKeySet();

    private final Environment environment;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Duration stopWithin;
    private volatile boolean running;

    DeliveryScheduler(
            ObjectProvider<Scheduler> quartz,
            WebsiteRegistry websites,
            Environment environment,
            TransactionTemplate transactions,
            JdbcTemplate jdbc,
            DeliveryProperties delivery) {
        this.quartz = quartz;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.environment = environment;
        this.websites = websites;
        // A run under way ends within a shop's exchange or so; its batches' leases bound it anyway.
        this.stopWithin = delivery.lease();
        this.triggers = Workers.fixed("delivery-trigger", 1, stopWithin);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Before Quartz starts: the one-shot triggers earlier releases left (a crash under load left thousands) go. */
    @Override
    public void start() {
        triggers.start();
        try {
            removeManualTriggers();
        } catch (SchedulerException e) {
            log.warn("delivery: the one-shot triggers of earlier releases could not be removed: {}", e.toString());
        }
        running = true;
    }

    /**
     * The web server has finished its requests: no nudge is sent any more, the scheduler fires no
     * run (Quartz is in standby: Spring put it there, and so does this), and the runs under way
     * finish while everything they use is there; the database closes after. Quartz is not shut down
     * here: a stopped context may be started again.
     */
    @Override
    public void stop() {
        running = false;
        triggers.stop();
        try {
            Scheduler scheduler = scheduler();
            scheduler.standby();
            long until = System.nanoTime() + stopWithin.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } catch (SchedulerException e) {
            log.warn("delivery: waiting for the runs under way failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Workers.AFTER_WEB_SERVER;
    }

    private Scheduler scheduler() {
        return quartz.getObject();
    }

    /** A change of the job store by this class. */
    @FunctionalInterface
    private interface Change<T> {
        T apply(Scheduler scheduler) throws SchedulerException;
    }

    /**
     * {@code change}, on a clustered job store (PostgreSQL) in one transaction of the relay's database.
     * There Quartz's job store (Spring's {@code LocalDataSourceJobStore}) takes its lock on the triggers
     * (a row lock of {@code qrtz_locks}) within the caller's transaction: without one, each of its
     * statements was a transaction of its own, the lock was gone before the trigger was written, and a
     * nudge stored on one node while the other fired the website's run could start a second run beside
     * it (two batches of one website at the shop at once, seen with two nodes), or two nodes replacing
     * the same nudge collided. Within it, a change is whole and one at a time across the nodes. On the
     * embedded database (one process) Quartz's lock is one of the JVM, held for each call; a transaction
     * around several calls would hold rows the scheduler's thread waits for while waiting for that lock.
     */
    private <T> T inTransaction(Change<T> change) throws SchedulerException {
        Scheduler scheduler = scheduler();
        if (!scheduler.getMetaData().isJobStoreClustered()) {
            return change.apply(scheduler);
        }
        try {
            return transactions.execute(status -> {
                try {
                    return change.apply(scheduler);
                } catch (SchedulerException e) {
                    throw new SchedulerFailure(e);
                }
            });
        } catch (SchedulerFailure failure) {
            throw failure.cause;
        }
    }

    /** A {@link SchedulerException} carried out of a transaction's callback (it rolls the transaction back). */
    private static final class SchedulerFailure extends RuntimeException {

        private final SchedulerException cause;

        SchedulerFailure(SchedulerException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private void removeManualTriggers() throws SchedulerException {
        List<TriggerKey> manual =
                scheduler().getTriggerKeys(GroupMatcher.triggerGroupEquals(Scheduler.DEFAULT_GROUP)).stream()
                        .filter(key -> key.getName().startsWith(MANUAL_TRIGGER_PREFIX))
                        .toList();
        for (int from = 0; from < manual.size(); from += SCHEDULED_AT_ONCE) {
            // One transaction per few hundred, as the recurring triggers are stored.
            List<TriggerKey> chunk = manual.subList(from, Math.min(manual.size(), from + SCHEDULED_AT_ONCE));
            inTransaction(scheduler -> scheduler.unscheduleJobs(chunk));
        }
        if (!manual.isEmpty()) {
            log.info("delivery: {} one-shot triggers left by an earlier release removed", manual.size());
        }
    }

    // ------------------------------------------------------------------ schedules

    /**
     * Once the server listens (the demo shop's address needs the port): one job per website with a
     * shop, and no job for any other. Written in a few statements whatever the number of websites:
     * the triggers there are read once, and only the missing ones are stored, together.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void scheduleWebsites() throws SchedulerException {
        List<Website> wanted = websites.activeWebsites();
        sync(wanted, true);
        if (wanted.size() <= 50) {
            for (Website website : wanted) {
                website.delivery()
                        .shopConnector()
                        .ifPresent(shop -> log.info(
                                "delivery website={} every {} to {}{}",
                                website.code(),
                                website.delivery().interval(),
                                shop.url(),
                                website.delivery().immediate() ? ", and right after each accepted request" : ""));
            }
        } else {
            log.info(
                    "delivery: {} websites scheduled ({} with a shop)",
                    wanted.size(),
                    wanted.stream().filter(w -> w.delivery().shop() != null).count());
        }
        for (Website website : wanted) {
            if (website.delivery().immediate() && website.delivery().shop() != null) {
                // Whatever was left pending before this start goes now, not at the first sweep.
                triggerNow(website);
            }
        }
    }

    /** A website created, changed, enabled, disabled or deleted while the relay runs: its job follows, on whichever node saw it first. */
    @EventListener
    public void websitesChanged(WebsitesChanged change) {
        if (!running) {
            // Stopping: the next start schedules every website as it is then.
            return;
        }
        try {
            sync(change.answered(), false);
            List<JobKey> gone = change.withdrawn().stream()
                    .map(code -> new JobKey(code, GROUP))
                    .toList();
            if (!gone.isEmpty()) {
                inTransaction(scheduler -> scheduler.deleteJobs(gone));
            }
            for (Website website : change.answered()) {
                if (website.delivery().immediate() && website.delivery().shop() != null) {
                    triggerNow(website);
                }
            }
        } catch (SchedulerException e) {
            // Each node applies the change; the next change, or the next start, schedules it again.
            log.warn(
                    "delivery: could not reschedule websites {} after a change: {}",
                    change.answered().stream().map(Website::code).toList(),
                    e.toString());
        }
    }

    /**
     * The jobs of {@code wanted} as their settings say: a trigger named by the website and its interval
     * (a new interval is a new name, so the names alone tell what is stale); without {@code everyOther},
     * the other websites' jobs are left alone.
     */
    private void sync(List<Website> wanted, boolean everyOther) throws SchedulerException {
        Set<TriggerKey> existing = scheduler().getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP));
        Set<String> wantedCodes = new HashSet<>();
        Set<TriggerKey> wantedTriggers = new HashSet<>();
        Map<JobDetail, Set<? extends Trigger>> missing = new HashMap<>();
        for (Website website : wanted) {
            if (website.delivery().shop() == null) {
                continue;
            }
            wantedCodes.add(website.code());
            TriggerKey triggerKey = triggerKey(website);
            wantedTriggers.add(triggerKey);
            if (existing.contains(triggerKey)) {
                continue;
            }
            JobKey job = jobKey(website);
            JobDetail detail = JobBuilder.newJob(DeliveryJob.class)
                    .withIdentity(job)
                    .usingJobData(DeliveryJob.WEBSITE_CODE, website.code())
                    .requestRecovery()
                    .storeDurably()
                    .build();
            long intervalMillis = website.delivery().interval().toMillis();
            // Quartz fires on the system clock, so the first sweep is placed on it too.
            Trigger trigger = recurring(
                    website,
                    DateBuilder.futureDate(
                            (int) Math.min(Integer.MAX_VALUE, intervalMillis), DateBuilder.IntervalUnit.MILLISECOND));
            missing.put(detail, Set.of(trigger));
        }
        List<TriggerKey> stale = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        wanted.forEach(w -> touched.add(w.code()));
        for (TriggerKey trigger : existing) {
            String code = codeOf(trigger);
            boolean ours = everyOther || touched.contains(code);
            if (ours && !wantedTriggers.contains(trigger)) {
                stale.add(trigger);
            }
        }
        if (!stale.isEmpty()) {
            inTransaction(scheduler -> scheduler.unscheduleJobs(stale));
        }
        // Stored a few hundred at a time: one transaction each, of a bounded size (10,000 triggers in one
        // transaction held the embedded database's undo log in a 192 MB heap until it thrashed).
        Map<JobDetail, Set<? extends Trigger>> chunk = new HashMap<>();
        for (Map.Entry<JobDetail, Set<? extends Trigger>> job : missing.entrySet()) {
            chunk.put(job.getKey(), job.getValue());
            if (chunk.size() == SCHEDULED_AT_ONCE) {
                inTransaction(scheduler -> {
                    scheduler.scheduleJobs(chunk, true);
                    return null;
                });
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            inTransaction(scheduler -> {
                scheduler.scheduleJobs(chunk, true);
                return null;
            });
        }
        if (everyOther) {
            for (JobKey job : scheduler().getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!wantedCodes.contains(job.getName())) {
                    try {
                        inTransaction(scheduler -> scheduler.deleteJob(job));
                    } catch (SchedulerException busy) {
                        // A firing of it is under way; the job does nothing for a website no longer active.
                        log.warn(
                                "delivery: job {} of a retired website could not be removed yet: {}",
                                job,
                                busy.getMessage());
                    }
                }
            }
        } else {
            List<JobKey> noShop = wanted.stream()
                    .filter(w -> w.delivery().shop() == null)
                    .map(DeliveryScheduler::jobKey)
                    .toList();
            if (!noShop.isEmpty()) {
                inTransaction(scheduler -> scheduler.deleteJobs(noShop));
            }
        }
    }

    /** Immediate mode: the run starts once the accepted items are committed and durable. */
    @EventListener
    public void itemsAccepted(ItemsAccepted event) {
        nudge(event.website());
    }

    /** Immediate mode, for a return's slip or state: as for the ERP's items. */
    @EventListener
    public void returnChangesQueued(ReturnChangesQueued event) {
        nudge(event.website());
    }

    private void nudge(Website website) {
        if (website.delivery().immediate() && website.delivery().shop() != null && nudgesWaiting.add(website.code())) {
            try {
                // Not on the request's thread: the ERP's answer must not wait for Quartz to store its trigger.
                triggers.execute(() -> {
                    nudgesWaiting.remove(website.code());
                    triggerNow(website);
                });
            } catch (RejectedExecutionException stopping) {
                // The relay stops; what is pending goes at the next start.
                nudgesWaiting.remove(website.code());
            }
        }
    }

    /**
     * Runs the website's delivery as soon as a scheduler thread is free (and its run under way, if one
     * is, has ended: runs of a website never overlap). Its recurring trigger is moved to now, unless it
     * is due already; while a run is under way, the moved trigger waits for it, since that run may have
     * looked before these items were committed. No trigger is added, so none is left behind.
     */
    public void triggerNow(Website website) {
        TriggerKey key = triggerKey(website);
        try {
            inTransaction(scheduler -> {
                if (scheduler.getMetaData().isJobStoreClustered()) {
                    // Quartz's own lock on the triggers, as its scheduler threads take it to acquire one: what is
                    // read below stays true until this transaction ends.
                    jdbc.query(
                            "SELECT lock_name FROM qrtz_locks WHERE sched_name = ? AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE",
                            (rs, n) -> rs.getString(1),
                            scheduler.getSchedulerName());
                }
                List<String> state = jdbc.query(
                        "SELECT trigger_state FROM qrtz_triggers WHERE sched_name = ? AND trigger_name = ? AND trigger_group = ?"
                                + " AND next_fire_time > ?",
                        (rs, n) -> rs.getString(1),
                        scheduler.getSchedulerName(),
                        key.getName(),
                        key.getGroup(),
                        System.currentTimeMillis());
                // Waiting for its time, or for the run under way to end: moved to now. Not when it is due already
                // (no row here), nor when a scheduler thread has acquired it (it fires within moments, and, replaced
                // under that thread, Quartz gave it back unblocked while a run was under way: two runs at once).
                if (state.size() == 1
                        && (state.get(0).equals("WAITING") || state.get(0).equals("BLOCKED"))) {
                    scheduler.rescheduleJob(key, recurring(website, new Date()));
                }
                return null;
            });
        } catch (SchedulerException | DataAccessException e) {
            // The recurring sweep still delivers these items; the accepted request must not fail.
            log.warn("delivery website={}: could not trigger an immediate run: {}", website.code(), e.toString());
        }
    }

    /** The website's recurring trigger, its first firing at {@code startAt} (the system clock: Quartz fires on it). */
    private static Trigger recurring(Website website, Date startAt) {
        return TriggerBuilder.newTrigger()
                .withIdentity(triggerKey(website))
                .forJob(jobKey(website))
                .startAt(startAt)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(
                                website.delivery().interval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    static JobKey jobKey(Website website) {
        return new JobKey(website.code(), GROUP);
    }

    /** The website's trigger: its code and its interval in milliseconds ({@code CODE@600000}). */
    static TriggerKey triggerKey(Website website) {
        return new TriggerKey(
                website.code() + "@" + website.delivery().interval().toMillis(), GROUP);
    }

    /** The website a trigger is for (triggers of releases before named it by its code alone). */
    private static String codeOf(TriggerKey trigger) {
        int at = trigger.getName().lastIndexOf('@');
        return at < 0 ? trigger.getName() : trigger.getName().substring(0, at);
    }
}
