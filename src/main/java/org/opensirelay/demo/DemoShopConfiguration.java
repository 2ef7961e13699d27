package org.opensirelay.demo;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.opensirelay.soap.OpensiContract;
import org.opensirelay.website.ShopConnector;
import org.opensirelay.website.WebsiteRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo shop at {@code <cxf.path>/demo-shop}, published only when no website is configured (the
 * demo website is then the one active website and delivers here). Off in every real setup.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${relay.websites[0].code:}'.isEmpty()")
class DemoShopConfiguration {

    @Bean
    EndpointImpl demoShopPublication(Bus bus, WebsiteRegistry websites) {
        ShopConnector demo = websites.website("DEMO").flatMap(w -> w.delivery().shopConnector())
                .orElseThrow(() -> new IllegalStateException("the demo shop needs the demo website"));
        EndpointImpl endpoint = new EndpointImpl(bus, new DemoShop(demo));
        endpoint.setWsdlLocation(OpensiContract.WSDL_LOCATION);
        endpoint.setServiceName(OpensiContract.SERVICE);
        endpoint.setEndpointName(OpensiContract.PORT);
        endpoint.publish("/demo-shop");
        return endpoint;
    }
}
