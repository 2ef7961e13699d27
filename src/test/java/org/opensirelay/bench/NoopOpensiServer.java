package org.opensirelay.bench;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.opensirelay.contract.GetDatetimeRequest;
import org.opensirelay.contract.GetDatetimeResponse;
import org.opensirelay.contract.GetOrderReturnsResponse;
import org.opensirelay.contract.GetVersionRequest;
import org.opensirelay.contract.GetVersionResponse;
import org.opensirelay.contract.OpensiPortType;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.SetOrderReturnStatesRequest;
import org.opensirelay.contract.types.GetRequest;
import org.opensirelay.contract.types.ReferenceResponse;
import org.opensirelay.opensi.OpensiContract;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The ceiling of our stack: the same Spring Boot, Tomcat and CXF, the same WSDL at the same path
 * ({@code /soap/opensi}), the same generated JAXB types, and an implementation that answers
 * {@code 1001 Created} for every item without checking a key, validating, or touching a database.
 * What the relay adds over this is the cost of doing its job.
 *
 * <p>Deliberately not a {@code @Configuration}: the relay's own component scan covers this package
 * on the test classpath and must not pick it up.
 */
@EnableAutoConfiguration
public class NoopOpensiServer {

    public static void main(String[] args) {
        new SpringApplicationBuilder(NoopOpensiServer.class)
                // Not the relay's application.properties (which is on the same classpath): no database.
                .properties(
                        "spring.config.name=noop-opensi-server",
                        "cxf.path=/soap",
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                                + "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
                .initializers((GenericApplicationContext context) -> context.registerBean(
                        "noopEndpoint", EndpointImpl.class, () -> publish(context.getBean(Bus.class))))
                .run(args);
    }

    private static EndpointImpl publish(Bus bus) {
        EndpointImpl endpoint = new EndpointImpl(bus, new NoopPort());
        endpoint.setWsdlLocation(OpensiContract.WSDL_LOCATION);
        endpoint.setServiceName(OpensiContract.SERVICE);
        endpoint.setEndpointName(OpensiContract.PORT);
        endpoint.publish("/opensi");
        return endpoint;
    }

    /** Answers like a connector that creates everything it is sent. */
    static final class NoopPort implements OpensiPortType {

        @Override
        public ReferenceResponses setOrderReturnDocuments(SetOrderReturnDocumentsRequest parameters) {
            ReferenceResponses response = new ReferenceResponses();
            parameters
                    .getOrderReturnDocument()
                    .forEach(d -> response.getReturn().add(created(d.getReturnNumber())));
            return response;
        }

        @Override
        public ReferenceResponses setComments(SetCommentsRequest parameters) {
            ReferenceResponses response = new ReferenceResponses();
            parameters.getComment().forEach(c -> response.getReturn().add(created(String.valueOf(c.getCommentId()))));
            return response;
        }

        @Override
        public ReferenceResponses setOrderReturnStates(SetOrderReturnStatesRequest parameters) {
            ReferenceResponses response = new ReferenceResponses();
            parameters.getOrderReturnState().forEach(s -> response.getReturn().add(created(s.getWebReturnNumber())));
            return response;
        }

        @Override
        public GetOrderReturnsResponse getOrderReturns(GetRequest parameters) {
            return new GetOrderReturnsResponse();
        }

        @Override
        public org.opensirelay.contract.GetOrderCreditNotesResponse getOrderCreditNotes(GetRequest parameters) {
            return new org.opensirelay.contract.GetOrderCreditNotesResponse();
        }

        @Override
        public GetVersionResponse getVersion(GetVersionRequest parameters) {
            GetVersionResponse response = new GetVersionResponse();
            response.setReturn("noop");
            return response;
        }

        @Override
        public GetDatetimeResponse getDatetime(GetDatetimeRequest parameters) {
            GetDatetimeResponse response = new GetDatetimeResponse();
            response.setReturn("2020-05-01 00:00:00");
            return response;
        }

        private static ReferenceResponse created(String key) {
            ReferenceResponse entry = new ReferenceResponse();
            entry.setKey(key);
            entry.setCode(1001);
            entry.setMessage("Created");
            return entry;
        }
    }
}
