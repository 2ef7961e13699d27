package org.opensirelay.delivery;

import org.opensirelay.website.WebsiteRegistry;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * One website's delivery run, fired by its recurring trigger, right after commits in immediate
 * mode, or by the operator. Runs of one website never overlap: Quartz holds a second firing until
 * the first is done.
 */
@DisallowConcurrentExecution
public class DeliveryJob extends QuartzJobBean {

    static final String WEBSITE_CODE = "websiteCode";

    private DeliveryService delivery;
    private WebsiteRegistry websites;
    private String websiteCode;

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

    @Override
    protected void executeInternal(JobExecutionContext context) {
        websites.website(websiteCode).ifPresent(delivery::deliverDue);
    }
}
