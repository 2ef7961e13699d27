package org.opensirelay.delivery;

import org.opensirelay.website.WebsiteRegistry;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * One website's delivery run, fired by its recurring trigger, right after commits in immediate
 * mode (its one nudge trigger, {@link DeliveryScheduler#triggerNow}), or by the operator. Runs of one
 * website never overlap, across nodes too (a clustered job store): Quartz holds a second firing until
 * the first is done.
 */
@DisallowConcurrentExecution
public class DeliveryJob extends QuartzJobBean {

    static final String WEBSITE_CODE = "websiteCode";

    private static final Logger log = LoggerFactory.getLogger(DeliveryJob.class);

    private DeliveryService delivery;
    private WebsiteRegistry websites;
    private String websiteCode;
    private JdbcTemplate jdbc;

    @Autowired
    public void setDelivery(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Autowired
    public void setWebsites(WebsiteRegistry websites) {
        this.websites = websites;
    }

    /** From the job's data map. */
    public void setWebsiteCode(String websiteCode) {
        this.websiteCode = websiteCode;
    }

    @Autowired
    public void setJdbc(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // DEBUG: when runs start, and which trigger started them (recurring, a recovery).
        log.debug(
                "delivery run website={} trigger={}",
                websiteCode,
                context.getTrigger().getKey());
        if (anotherRunUnderWay(context)) {
            log.debug("delivery run website={} skipped: another run of it is under way", websiteCode);
            return;
        }
        websites.website(websiteCode).ifPresent(delivery::deliverDue);
    }

    /**
     * Whether the job store says another run of this website is executing, on this node or another.
     * Quartz alone let two run at once: a node whose acquired trigger had been blocked by the other's
     * run, unable to fire it, gave it back unblocked ({@code releaseAcquiredTrigger}), and fired it
     * again while that run went on (two batches of one website at the shop at once, two nodes on
     * PostgreSQL). The run that sees another under way ends at once; the one under way delivers
     * what is due, and the next firing comes on the interval.
     */
    private boolean anotherRunUnderWay(JobExecutionContext context) {
        try {
            Integer others = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM qrtz_fired_triggers WHERE sched_name = ? AND job_name = ? AND job_group = ?"
                            + " AND state = 'EXECUTING' AND entry_id <> ?",
                    Integer.class,
                    context.getScheduler().getSchedulerName(),
                    context.getJobDetail().getKey().getName(),
                    context.getJobDetail().getKey().getGroup(),
                    context.getFireInstanceId());
            return others != null && others > 0;
        } catch (SchedulerException unknownName) {
            return false;
        }
    }
}
