package dev.tributary.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.osgi.framework.Version;

/**
 * The bytes of a file dropped into the deploy folder and what they turned out to be. Reading the
 * whole file first means the framework installs exactly what was checked, even if the file is
 * overwritten a moment later.
 */
final class BundleFile {

    enum Kind {
        /** A jar with a Bundle-SymbolicName: can be installed. */
        BUNDLE,
        /** A zip/jar whose end is missing: most likely still being copied. */
        INCOMPLETE,
        /** Anything else: reported as a failure. */
        INVALID
    }

    final byte[] bytes;
    final Kind kind;
    /** For {@link Kind#INVALID} and {@link Kind#INCOMPLETE}: what is wrong, in words for an operator. */
    final String problem;
    final String symbolicName;
    final String version;

    private BundleFile(byte[] bytes, Kind kind, String problem, String symbolicName, String version) {
        this.bytes = bytes;
        this.kind = kind;
        this.problem = problem;
        this.symbolicName = symbolicName;
        this.version = version;
    }

    static BundleFile inspect(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            return invalid(bytes, "not a jar file (it does not start like a zip archive); "
                    + "only OSGi bundle jars belong in deploy/");
        }
        if (!hasEndOfCentralDirectory(bytes)) {
            return new BundleFile(bytes, Kind.INCOMPLETE,
                    "the jar is truncated (no zip central directory): still being copied, or a damaged download",
                    null, null);
        }
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes), true)) {
            manifest = in.getManifest();
            if (manifest == null) {
                manifest = findManifest(bytes);
            }
        } catch (IOException | RuntimeException e) {
            // ZipInputStream throws IllegalArgumentException for an entry name that is not UTF-8, among others
            return invalid(bytes, "not a readable jar: " + unreadable(e));
        }
        if (manifest == null) {
            return invalid(bytes, "not an OSGi bundle: the jar has no META-INF/MANIFEST.MF; "
                    + "build it with bnd (bnd-maven-plugin) or wrap the library in a bundle");
        }
        Attributes main = manifest.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            return invalid(bytes, "not an OSGi bundle: META-INF/MANIFEST.MF has no Bundle-SymbolicName; "
                    + "build it with bnd (bnd-maven-plugin) or wrap the library in a bundle");
        }
        String name = bsn.split(";", 2)[0].trim();
        String version = main.getValue("Bundle-Version");
        if (version != null) {
            try {
                Version.parseVersion(version);
            } catch (IllegalArgumentException e) {
                // the framework would only say "Could not create bundle object."
                return invalid(bytes, "its manifest is invalid: Bundle-Version '" + version.trim() + "' is not a version ("
                        + e.getMessage() + "); write major.minor.micro, e.g. 1.2.0");
            }
        }
        return new BundleFile(bytes, Kind.BUNDLE, null, name, version == null ? "0.0.0" : version.trim());
    }

    /** What went wrong reading the zip, in words: the JDK's messages do not say which part was bad. */
    private static String unreadable(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof IllegalArgumentException && message.startsWith("malformed input")) {
            return "the name of an entry is not valid UTF-8";
        }
        if (message.startsWith("line too long")) {
            return "a line of META-INF/MANIFEST.MF is longer than 512 bytes (wrap header values at 72 bytes, as jar tools do)";
        }
        return message;
    }

    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static BundleFile invalid(byte[] bytes, String problem) {
        return new BundleFile(bytes, Kind.INVALID, problem, null, null);
    }

    /** JarInputStream sees the manifest only when it is among the first entries; look further. */
    private static Manifest findManifest(byte[] bytes) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if ("META-INF/MANIFEST.MF".equalsIgnoreCase(e.getName())) {
                    return new Manifest(zip);
                }
            }
        }
        return null;
    }

    /** A complete zip ends with an end-of-central-directory record (PK\5\6) in its last 64 KiB + 22 bytes. */
    private static boolean hasEndOfCentralDirectory(byte[] b) {
        int stop = Math.max(0, b.length - 22 - 0xFFFF);
        for (int i = b.length - 22; i >= stop; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }
}
