package org.opensirelay.delivery;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.opensirelay.ingest.ItemsAccepted;
import org.opensirelay.website.Website;
import org.opensirelay.website.WebsiteRegistry;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Keeps one recurring Quartz job per website that has a shop (in the database's job store, so
 * schedules survive restarts), and fires it at once after commits for websites in immediate mode.
 */
@Component
public class DeliveryScheduler {

    static final String GROUP = "delivery";

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final Scheduler scheduler;
    private final WebsiteRegistry websites;
    private final ExecutorService triggers = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-trigger");
        thread.setDaemon(true);
        return thread;
    });
    private final Environment environment;

    DeliveryScheduler(Scheduler scheduler, WebsiteRegistry websites, Environment environment) {
        this.scheduler = scheduler;
        this.environment = environment;
        this.websites = websites;
    }

    /** Once the server listens (the demo shop's address needs the port): one job per website. */
    @EventListener(ApplicationReadyEvent.class)
    public void scheduleWebsites() throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (Website website : websites.activeWebsites()) {
            if (website.delivery().shop() == null) {
                continue;
            }
            JobKey job = jobKey(website);
            wanted.add(job);
            JobDetail detail = JobBuilder.newJob(DeliveryJob.class).withIdentity(job)
                    .usingJobData(DeliveryJob.WEBSITE_CODE, website.code())
                    .requestRecovery().storeDurably().build();
            long intervalMillis = website.delivery().interval().toMillis();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(new TriggerKey(website.code(), GROUP)).forJob(job)
                    // Quartz fires on the system clock, so the first sweep is placed on it too.
                    .startAt(DateBuilder.futureDate((int) Math.min(Integer.MAX_VALUE, intervalMillis), DateBuilder.IntervalUnit.MILLISECOND))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(intervalMillis)
                            .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.scheduleJob(detail, Set.of(trigger), true);
            log.info("delivery website={} every {} to {}{}", website.code(), website.delivery().interval(),
                    environment.resolvePlaceholders(website.delivery().shop().url()), website.delivery().immediate() ? ", and right after each accepted request" : "");
            if (website.delivery().immediate()) {
                // Whatever was left pending before this start goes now, not at the first sweep.
                scheduler.triggerJob(job);
            }
        }
        for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(existing)) {
                try {
                    scheduler.deleteJob(existing);
                } catch (SchedulerException busy) {
                    // A firing of it is under way; the job does nothing for a website no longer active.
                    log.warn("delivery: job {} of a retired website could not be removed yet: {}", existing, busy.getMessage());
                }
            }
        }
    }

    /** Immediate mode: the run starts once the accepted items are committed and durable. */
    @EventListener
    public void itemsAccepted(ItemsAccepted event) {
        Website website = event.website();
        if (website.delivery().immediate() && website.delivery().shop() != null) {
            // Not on the request's thread: the ERP's answer must not wait for Quartz to store its trigger.
            triggers.execute(() -> triggerNow(website));
        }
    }

    /** Runs the website's delivery as soon as a scheduler thread is free. */
    public void triggerNow(Website website) {
        try {
            scheduler.triggerJob(jobKey(website));
        } catch (SchedulerException e) {
            // The recurring sweep still delivers these items; the accepted request must not fail.
            log.warn("delivery website={}: could not trigger an immediate run: {}", website.code(), e.toString());
        }
    }

    @PreDestroy
    void stopTriggering() {
        triggers.shutdownNow();
    }

    static JobKey jobKey(Website website) {
        return new JobKey(website.code(), GROUP);
    }
}
