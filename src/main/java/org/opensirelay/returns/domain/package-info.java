/**
 * What a return is, published to the modules that show or announce returns (the console, delivery
 * of return states, webhooks): the state machine, views, reasons and money. Plain Java, no Spring, no
 * SQL; the rest of {@code returns} (its store, slip, REST controllers) stays inside the module.
 */
@NamedInterface("domain")
package org.opensirelay.returns.domain;

import org.springframework.modulith.NamedInterface;
