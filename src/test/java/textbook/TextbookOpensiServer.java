package textbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import javax.xml.transform.dom.DOMSource;

import jakarta.xml.bind.JAXBElement;

import org.opensirelay.contract.ObjectFactory;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.types.Comment;
import org.opensirelay.contract.types.ReferenceResponse;
import org.opensirelay.opensi.OpensiContract;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ws.config.annotation.WsConfigurer;
import org.springframework.ws.server.EndpointInterceptor;
import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;
import org.springframework.ws.soap.SoapHeaderElement;
import org.springframework.ws.soap.server.endpoint.annotation.FaultCode;
import org.springframework.ws.soap.server.endpoint.annotation.SoapFault;
import org.springframework.ws.soap.server.endpoint.annotation.SoapHeader;
import org.springframework.ws.soap.server.endpoint.interceptor.PayloadValidatingInterceptor;
import org.springframework.ws.wsdl.wsdl11.SimpleWsdl11Definition;
import org.w3c.dom.Node;

/**
 * The peer the benchmark compares the relay with: what a team would write in a day to take
 * {@code setCommentsRequest} envelopes — Spring Web Services, the request payload validated against
 * the contract's schema by {@link PayloadValidatingInterceptor}, a {@code @PayloadRoot} endpoint that
 * checks the header key and the Website_Code, and a JdbcTemplate batch insert of the comments into
 * one H2 table in one transaction. No outbox, no audit, no per-item answer beyond 1001.
 *
 * <p>Two variants, chosen by the H2 URL: durable ({@code ;WRITE_DELAY=0}: each commit is written to
 * the file before the answer, the relay's promise) and H2's default (a 500 ms write delay: an
 * acknowledged item can be lost when the process dies).
 *
 * <p>Outside {@code org.opensirelay}, so that the relay's component scan (the test classes are on
 * its class path in the integration tests) never picks up this endpoint.
 *
 * <p>No {@code @EnableWs}: Spring Boot's web-services auto-configuration enables Spring-WS (an
 * {@code @EnableWs} here would turn it off) and applies this {@code WsConfigurer}.
 *
 * <p>The <b>same-work</b> variant ({@code --textbook.same-work=true}) does the relay's job as a
 * one-day implementation would: in one transaction it reads which CommentIds exist (by the whole key,
 * in the form each database plans as a lookup per key), inserts the new comments, updates the changed
 * ones, answers 1001/1002/2001 per item, and adds one outbox row per change. It runs on H2 or, with
 * {@code --spring.datasource.url=jdbc:postgresql://...}, on PostgreSQL.
 *
 * <p>{@code java -cp ... textbook.TextbookOpensiServer --server.port=P --textbook.data=DIR
 * [--textbook.h2-settings=;WRITE_DELAY=0] [--textbook.same-work=true] --textbook.website=CODE --textbook.key=KEY}
 */
@EnableAutoConfiguration
public class TextbookOpensiServer implements WsConfigurer {

    static final String NS = OpensiContract.NS;

    /** The peer's comments: its own natural key, (website_code, comment_id), is the primary key. */
    static final String COMMENT_TABLE =
            "CREATE TABLE IF NOT EXISTS order_comment (website_code VARCHAR(64) NOT NULL, comment_id INT NOT NULL,"
                    + " order_number VARCHAR(11) NOT NULL, web_order_number VARCHAR(20) NOT NULL, comment_text VARCHAR NOT NULL,"
                    + " comment_date VARCHAR(64) NOT NULL, send_mail BOOLEAN NOT NULL, visible_for_customer BOOLEAN NOT NULL,"
                    + " PRIMARY KEY (website_code, comment_id))";

    public static void main(String[] args) {
        new SpringApplicationBuilder(TextbookOpensiServer.class)
                .properties(
                        "spring.config.name=textbook-opensi-server",
                        "spring.webservices.path=/soap",
                        // --textbook.h2-settings=;WRITE_DELAY=0 for the durable variant.
                        "spring.datasource.url=jdbc:h2:file:${textbook.data}/textbook${textbook.h2-settings:}",
                        "spring.autoconfigure.exclude="
                                + "org.apache.cxf.spring.boot.autoconfigure.CxfAutoConfiguration,"
                                + "org.apache.cxf.spring.boot.autoconfigure.micrometer.MicrometerMetricsAutoConfiguration,"
                                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                                + "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
                .run(args);
    }

    @Override
    public void addInterceptors(List<EndpointInterceptor> interceptors) {
        PayloadValidatingInterceptor validating = new PayloadValidatingInterceptor();
        validating.setSchema(new ClassPathResource("wsdl/opensi.xsd"));
        validating.setValidateRequest(true);
        validating.setValidateResponse(false);
        try {
            validating.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        interceptors.add(validating);
    }

    /** The contract's WSDL at {@code /soap/opensi.wsdl}, as Spring-WS serves a static one (also the readiness check). */
    @Bean(name = "opensi")
    SimpleWsdl11Definition opensi() {
        return new SimpleWsdl11Definition(new ClassPathResource("wsdl/opensi.wsdl"));
    }

    @Bean
    CommentsEndpoint commentsEndpoint(
            DataSource dataSource,
            TransactionTemplate transactions,
            @Value("${textbook.website}") String website,
            @Value("${textbook.key}") String key,
            @Value("${textbook.same-work:false}") boolean sameWork) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(COMMENT_TABLE);
        if (sameWork) {
            jdbc.execute(
                    "CREATE TABLE IF NOT EXISTS comment_outbox (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                            + " website_code VARCHAR(64) NOT NULL, comment_id INT NOT NULL, status VARCHAR(16) NOT NULL,"
                            + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        return new CommentsEndpoint(jdbc, transactions, website, key, sameWork);
    }

    @Endpoint
    static class CommentsEndpoint {

        private static final String HEADER = "{" + NS + "}Header";

        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;
        private final String website;
        private final byte[] key;
        private final ObjectFactory answers = new ObjectFactory();
        private final boolean sameWork;
        private final boolean postgres;

        CommentsEndpoint(
                JdbcTemplate jdbc, TransactionTemplate transactions, String website, String key, boolean sameWork) {
            this.postgres = Boolean.TRUE.equals(jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>)
                    connection -> "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
            this.jdbc = jdbc;
            this.transactions = transactions;
            this.website = website;
            this.key = key.getBytes(StandardCharsets.UTF_8);
            this.sameWork = sameWork;
        }

        @PayloadRoot(namespace = NS, localPart = "setCommentsRequest")
        @ResponsePayload
        public JAXBElement<ReferenceResponses> setComments(
                @RequestPayload SetCommentsRequest request, @SoapHeader(HEADER) SoapHeaderElement header) {
            String sent = header == null ? null : keyOf(((DOMSource) header.getSource()).getNode());
            if (sent == null
                    || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), key)
                    || !website.equals(request.getWebsiteCode())) {
                throw new AuthenticationFailed();
            }
            if (sameWork) {
                return answers.createSetCommentsResponse(storeAsTheRelayDoes(request.getComment()));
            }
            List<Object[]> rows = new ArrayList<>();
            for (Comment c : request.getComment()) {
                rows.add(row(website, c));
            }
            transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                    "INSERT INTO order_comment (website_code, comment_id,"
                            + " order_number, web_order_number, comment_text, comment_date, send_mail, visible_for_customer)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows));
            ReferenceResponses answer = new ReferenceResponses();
            for (Comment c : request.getComment()) {
                ReferenceResponse entry = new ReferenceResponse();
                entry.setKey(String.valueOf(c.getCommentId()));
                entry.setCode(1001);
                entry.setMessage("Created");
                answer.getReturn().add(entry);
            }
            return answers.createSetCommentsResponse(answer);
        }

        /** Reads what exists, inserts the new, updates the changed, one outbox row per change; 1001/1002/2001 per item. */
        private ReferenceResponses storeAsTheRelayDoes(List<Comment> comments) {
            List<Integer> codes = transactions.execute(status -> {
                Map<Integer, String> stored = new HashMap<>();
                if (!comments.isEmpty()) {
                    List<Object> args = new ArrayList<>();
                    if (postgres) {
                        args.add(website);
                        args.add(comments.stream().map(Comment::getCommentId).toArray(Integer[]::new));
                    } else {
                        comments.forEach(c -> {
                            args.add(website);
                            args.add(c.getCommentId());
                        });
                    }
                    jdbc.query(
                            existingCommentsSql(postgres, comments.size()),
                            rs -> {
                                stored.put(
                                        rs.getInt(1),
                                        rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                                                + rs.getString(5) + "|" + rs.getBoolean(6) + "|" + rs.getBoolean(7));
                            },
                            args.toArray());
                }
                List<Object[]> inserts = new ArrayList<>();
                List<Object[]> updates = new ArrayList<>();
                List<Object[]> outbox = new ArrayList<>();
                List<Integer> answered = new ArrayList<>();
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                for (Comment c : comments) {
                    String values = c.getOrderNumber() + "|" + c.getWebOrderNumber() + "|" + c.getComment() + "|"
                            + c.getCommentDate() + "|" + c.isSendMail() + "|" + c.isVisibleForCustomer();
                    String before = stored.put(c.getCommentId(), values);
                    if (before == null) {
                        inserts.add(row(website, c));
                        answered.add(1001);
                    } else if (!before.equals(values)) {
                        updates.add(new Object[] {
                            c.getOrderNumber(),
                            c.getWebOrderNumber(),
                            c.getComment(),
                            c.getCommentDate(),
                            c.isSendMail(),
                            c.isVisibleForCustomer(),
                            website,
                            c.getCommentId()
                        });
                        answered.add(1002);
                    } else {
                        answered.add(2001);
                        continue;
                    }
                    outbox.add(new Object[] {website, c.getCommentId(), now});
                }
                jdbc.batchUpdate(
                        "INSERT INTO order_comment (website_code, comment_id, order_number, web_order_number, comment_text,"
                                + " comment_date, send_mail, visible_for_customer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        inserts);
                jdbc.batchUpdate(
                        "UPDATE order_comment SET order_number = ?, web_order_number = ?, comment_text = ?, comment_date = ?,"
                                + " send_mail = ?, visible_for_customer = ? WHERE website_code = ? AND comment_id = ?",
                        updates);
                jdbc.batchUpdate(
                        "INSERT INTO comment_outbox (website_code, comment_id, status, created_at) VALUES (?, ?, 'PENDING', ?)",
                        outbox);
                return answered;
            });
            ReferenceResponses answer = new ReferenceResponses();
            for (int i = 0; i < comments.size(); i++) {
                ReferenceResponse entry = new ReferenceResponse();
                entry.setKey(String.valueOf(comments.get(i).getCommentId()));
                entry.setCode(codes.get(i));
                entry.setMessage(
                        codes.get(i) == 1001 ? "Created" : codes.get(i) == 1002 ? "Updated" : "Already stored");
                answer.getReturn().add(entry);
            }
            return answer;
        }

        /**
         * Which of {@code keys} CommentIds the website has, read through the table's primary key
         * (website_code, comment_id), one index lookup per key, in the form each database plans so:
         * PostgreSQL takes {@code comment_id = ANY(?)} with one array; H2 takes the row-value IN
         * (with {@code website_code = ? AND comment_id IN (...)} it reads every comment of the website,
         * and the peer would measure that plan, not the work). {@code SameWorkPeerPlanTest} checks both.
         */
        static String existingCommentsSql(boolean postgres, int keys) {
            String where = postgres
                    ? "website_code = ? AND comment_id = ANY(?)"
                    : "(website_code, comment_id) IN (" + String.join(", ", Collections.nCopies(keys, "(?, ?)")) + ")";
            return "SELECT comment_id, order_number, web_order_number, comment_text, comment_date, send_mail,"
                    + " visible_for_customer FROM order_comment WHERE " + where;
        }

        private static String keyOf(Node headerElement) {
            for (Node n = headerElement.getFirstChild(); n != null; n = n.getNextSibling()) {
                if ("key".equals(n.getLocalName())) {
                    return n.getTextContent().strip();
                }
            }
            return null;
        }
    }

    @SoapFault(faultCode = FaultCode.CLIENT)
    static final class AuthenticationFailed extends RuntimeException {
        AuthenticationFailed() {
            super("Authentification failed, please check your credentials!", null, false, false);
        }
    }

    /** A comment's insert arguments, in the order of the INSERT's columns. */
    private static Object[] row(String website, Comment c) {
        return new Object[] {
            website,
            c.getCommentId(),
            c.getOrderNumber(),
            c.getWebOrderNumber(),
            c.getComment(),
            c.getCommentDate(),
            c.isSendMail(),
            c.isVisibleForCustomer()
        };
    }
}
