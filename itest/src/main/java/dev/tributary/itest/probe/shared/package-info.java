@org.osgi.annotation.versioning.Version("1.0.0")
package dev.tributary.itest.probe.shared;
