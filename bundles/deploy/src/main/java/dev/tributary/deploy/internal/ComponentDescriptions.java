package dev.tributary.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks the Declarative Services descriptions a started bundle names in its
 * {@code Service-Component} header. A bundle whose descriptions are missing, are not XML or name a
 * class it does not have starts "successfully" and then does nothing: SCR only logs a stack trace.
 * This says what is wrong in one line instead.
 */
final class ComponentDescriptions {

    static final String HEADER = "Service-Component";

    private ComponentDescriptions() {}

    /** What is wrong with the bundle's component descriptions, or empty when nothing is (or it has none). */
    static Optional<String> problem(Bundle bundle) {
        String header = bundle.getHeaders("").get(HEADER);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (String path : header.split(",")) {
            path = path.trim();
            if (path.isEmpty()) {
                continue;
            }
            List<URL> entries = entries(bundle, path);
            if (entries.isEmpty() && path.indexOf('*') < 0) {
                return Optional.of("its component description " + path + " (named in its " + HEADER + " header) is not in the jar; rebuild the bundle");
            }
            for (URL entry : entries) {
                Optional<String> wrong = check(bundle, path.indexOf('*') < 0 ? path : entry.getPath(), entry);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
        }
        return Optional.empty();
    }

    private static List<URL> entries(Bundle bundle, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.lastIndexOf('/');
        var found = bundle.findEntries(slash < 0 ? "/" : p.substring(0, slash), p.substring(slash + 1), false);
        return found == null ? List.of() : new ArrayList<>(Collections.list(found));
    }

    private static Optional<String> check(Bundle bundle, String path, URL entry) {
        Element root;
        try (InputStream in = entry.openStream()) {
            root = parser().parse(in).getDocumentElement();
        } catch (SAXParseException e) {
            return Optional.of("its component description " + path + " is not valid XML (line " + e.getLineNumber() + ": " + e.getMessage()
                    + "); rebuild the bundle");
        } catch (SAXException | IOException e) {
            return Optional.of("its component description " + path + " cannot be read: " + e.getMessage());
        }
        List<Element> components = new ArrayList<>();
        if ("component".equals(root.getLocalName())) {
            components.add(root);
        }
        NodeList nested = root.getElementsByTagNameNS("*", "component");
        for (int i = 0; i < nested.getLength(); i++) {
            components.add((Element) nested.item(i));
        }
        if (components.isEmpty()) {
            return Optional.of("its component description " + path + " holds no <component> element; rebuild the bundle");
        }
        for (Element component : components) {
            Optional<String> wrong = implementation(bundle, path, component);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> implementation(Bundle bundle, String path, Element component) {
        String name = component.getAttribute("name");
        NodeList implementations = component.getElementsByTagNameNS("*", "implementation");
        String type = implementations.getLength() == 0 ? "" : ((Element) implementations.item(0)).getAttribute("class");
        if (type.isBlank()) {
            return Optional.of("its component " + name + " (" + path + ") names no implementation class; rebuild the bundle");
        }
        try {
            bundle.loadClass(type);
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("its component " + name + " (" + path + ") is implemented by " + type
                    + ", which the bundle cannot load (" + e.getClass().getSimpleName() + "); rebuild the bundle");
        }
    }

    /** Namespace-aware, no DTDs or external entities: the file comes from whoever dropped the jar. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }
}
