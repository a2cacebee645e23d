package dev.tributary.api.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides secrets in what may be logged or shown: query parameters that carry credentials, user info. */
public final class Redaction {

    /** Query parameters (lower case) whose values are secrets. */
    static final Set<String> SECRET_PARAMETERS = Set.of("access_token", "refresh_token", "id_token", "token", "api_key", "apikey",
            "key", "client_secret", "secret", "password", "passwd", "code", "signature", "sig", "x-amz-signature", "assertion");
    private static final Pattern PARAMETER = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

    private Redaction() {}

    /** {@code uri} as text, with user info and secret parameter values replaced by {@code ***}. */
    public static String uri(URI uri) {
        if (uri == null) {
            return "null";
        }
        String text = uri.toString();
        if (uri.getRawUserInfo() != null) {
            text = text.replace(uri.getRawUserInfo() + "@", "***@");
        }
        Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean secret = SECRET_PARAMETERS.contains(m.group(2).toLowerCase(Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + (secret ? "***" : m.group(3))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
