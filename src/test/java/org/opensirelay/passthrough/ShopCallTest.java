package org.opensirelay.passthrough;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** A shop URL that is no HTTP address is a named failure of the call, never an exception the pass-through swallows. */
@Tag("unit")
class ShopCallTest {

    @Test
    void aShopUrlThatIsNotHttpIsAFailedCall() {
        String envelope = "<Envelope/>";
        ForwardedBody body = new ForwardedBody(envelope.getBytes(StandardCharsets.UTF_8), envelope, List.of());
        ShopCall call = new ShopCall(
                URI.create("file:///etc/hostname"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                1024);

        assertThatThrownBy(() -> call.forward("text/xml", null, body, new MockHttpServletResponse()))
                .isInstanceOf(ShopCall.Failed.class)
                .hasMessageContaining("file:///etc/hostname")
                .hasMessageContaining("http");
    }
}
