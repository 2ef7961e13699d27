package org.opensirelay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A body read ahead of the chain is the request's body for the rest of it, byte for byte; a form's
 * fields are its parameters, after the query string's, as the servlet container would give them.
 */
@Tag("unit")
class BoundedBodyTest {

    @Test
    void theBodyIsReplayedByteForByteAndFoundAgainByLaterFilters() throws IOException {
        byte[] body = "<Envelope>é</Envelope>".getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequest container = new MockHttpServletRequest("POST", "/soap/opensi");

        HttpServletRequest replayed = BoundedBody.replay(container, body);

        assertThat(replayed.getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(replayed.getContentLengthLong()).isEqualTo(body.length);
        assertThat(BoundedBody.alreadyRead(container)).isSameAs(body);
    }

    @Test
    void aFormsFieldsAreParametersAfterThoseOfTheQueryString() {
        MockHttpServletRequest container = new MockHttpServletRequest("POST", "/console/login");
        container.setContentType("application/x-www-form-urlencoded; charset=UTF-8");
        container.setCharacterEncoding("UTF-8");
        container.addParameter("from", "query");

        HttpServletRequest replayed = BoundedBody.replay(
                container,
                "token=a%2Bb+c&from=form&empty=&flag&name=C%C3%B4t%C3%A9&_csrf=x%3Dy".getBytes(StandardCharsets.UTF_8));

        assertThat(replayed.getParameter("token")).isEqualTo("a+b c");
        assertThat(replayed.getParameterValues("from")).containsExactly("query", "form");
        assertThat(replayed.getParameter("from")).isEqualTo("query");
        assertThat(replayed.getParameter("empty")).isEmpty();
        assertThat(replayed.getParameter("flag")).isEmpty();
        assertThat(replayed.getParameter("name")).isEqualTo("Côté");
        assertThat(replayed.getParameter("_csrf")).isEqualTo("x=y");
        assertThat(replayed.getParameterMap()).containsOnlyKeys("from", "token", "empty", "flag", "name", "_csrf");
    }

    @Test
    void aBodyThatIsNoFormGivesNoParameters() {
        MockHttpServletRequest container = new MockHttpServletRequest("PUT", "/api/v1/websites/W/orders/1");
        container.setContentType("application/json");

        HttpServletRequest replayed = BoundedBody.replay(container, "a=b".getBytes(StandardCharsets.UTF_8));

        assertThat(replayed.getParameterMap()).isEmpty();
    }
}
