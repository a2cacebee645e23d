package dev.tributary.console.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The console's pages, scripts and styles, served from this bundle's {@code /web} folder under
 * {@code /console/}. Plain HTML and ES modules, no build step and no framework: a handful of pages
 * that call the REST API need nothing more, load at once, and keep to a strict Content-Security-Policy
 * (no inline script or style). Nothing is fetched from outside the host.
 */
@Component(service = ConsolePages.class)
@HttpWhiteboardResource(pattern = ConsolePages.PATTERN, prefix = "/web")
public final class ConsolePages {
    static final String PATTERN = "/console/*";
}
