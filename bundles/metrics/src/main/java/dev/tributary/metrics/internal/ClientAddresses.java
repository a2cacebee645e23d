package dev.tributary.metrics.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The clients that may read {@code /metrics}: IP addresses and CIDR ranges. Only literal addresses
 * count (a name would make access depend on DNS); an IPv4 client that reaches an IPv6 socket
 * ({@code ::ffff:10.0.0.1}) is matched as the IPv4 address it is.
 */
final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final List<String> rejected;

    private ClientAddresses(List<Range> ranges, List<String> rejected) {
        this.ranges = List.copyOf(ranges);
        this.rejected = List.copyOf(rejected);
    }

    /**
     * @param entries addresses and ranges; an entry may itself hold several separated by commas or
     *                spaces (as a {@code .cfg} line gives them)
     */
    static ClientAddresses parse(String... entries) {
        List<Range> ranges = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String item : entry.trim().split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                Range range = range(item);
                if (range == null) {
                    rejected.add(item);
                } else {
                    ranges.add(range);
                }
            }
        }
        return new ClientAddresses(ranges, rejected);
    }

    private static Range range(String item) {
        int slash = item.indexOf('/');
        String host = slash < 0 ? item : item.substring(0, slash);
        byte[] address = literal(host);
        if (address == null) {
            return null;
        }
        int prefix = address.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(item.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > address.length * 8) {
                return null;
            }
        }
        return new Range(address, prefix);
    }

    /** The address's bytes (4 for IPv4, also when written IPv4-mapped; 16 for IPv6), or null when it is no IP literal. */
    static byte[] literal(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(host).matches();
        if (v4 && Arrays.stream(host.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            return null; // InetAddress would take it for a name and look it up
        }
        if (!v4 && !IPV6.matcher(host).matches()) {
            return null; // a name: never looked up
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** @param remoteAddress the client's address as the servlet container gives it */
    boolean permits(String remoteAddress) {
        byte[] address = remoteAddress == null ? null : literal(remoteAddress);
        return address != null && ranges.stream().anyMatch(r -> r.contains(address));
    }

    /** Entries that are no address or range (they allow nothing). */
    List<String> rejected() {
        return rejected;
    }
}
