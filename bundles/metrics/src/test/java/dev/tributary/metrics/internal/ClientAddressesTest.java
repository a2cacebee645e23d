package dev.tributary.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    @Test
    void theDefaultAllowsThisMachineOnlyOverIpv4AndIpv6() {
        ClientAddresses local = ClientAddresses.parse("127.0.0.0/8", "::1");

        assertThat(local.permits("127.0.0.1")).isTrue();
        assertThat(local.permits("127.1.2.3")).isTrue();
        assertThat(local.permits("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(local.permits("[::1]")).as("as some containers write it").isTrue();
        assertThat(local.permits("::ffff:127.0.0.1")).as("IPv4 through an IPv6 socket").isTrue();
        assertThat(local.permits("10.0.0.1")).isFalse();
        assertThat(local.permits("::2")).isFalse();
        assertThat(local.permits("128.0.0.1")).isFalse();
        assertThat(local.permits(null)).isFalse();
        assertThat(local.rejected()).isEmpty();
    }

    @Test
    void rangesMatchByTheirPrefixAndACfgLineMayListSeveral() {
        ClientAddresses allowed = ClientAddresses.parse("10.0.4.17, 192.168.8.0/21  fd00::/8");

        assertThat(allowed.permits("10.0.4.17")).isTrue();
        assertThat(allowed.permits("10.0.4.18")).isFalse();
        assertThat(allowed.permits("192.168.8.1")).isTrue();
        assertThat(allowed.permits("192.168.15.254")).isTrue();
        assertThat(allowed.permits("192.168.16.1")).isFalse();
        assertThat(allowed.permits("fd12:3456::1")).isTrue();
        assertThat(allowed.permits("fe80::1")).isFalse();
        assertThat(allowed.permits("127.0.0.1")).as("only what is listed").isFalse();
    }

    @Test
    void everythingIsAllowedOnlyWhenSaidSo() {
        ClientAddresses all = ClientAddresses.parse("0.0.0.0/0", "::/0");

        assertThat(all.permits("203.0.113.9")).isTrue();
        assertThat(all.permits("2001:db8::1")).isTrue();
        assertThat(ClientAddresses.parse().permits("127.0.0.1")).as("nothing listed, nothing allowed").isFalse();
    }

    @Test
    void namesAndMalformedEntriesAllowNothingAndAreReported() {
        ClientAddresses parsed = ClientAddresses.parse("localhost", "prometheus.example.org", "10.0.0.0/33", "300.1.2.3", "10.0.0.1/x",
                "::1/129", "127.0.0.1");

        assertThat(parsed.rejected()).containsExactly("localhost", "prometheus.example.org", "10.0.0.0/33", "300.1.2.3", "10.0.0.1/x", "::1/129");
        assertThat(parsed.permits("127.0.0.1")).isTrue();
        assertThat(parsed.permits("10.0.0.1")).isFalse();
        assertThat(parsed.permits("localhost")).as("a client is its address, never a name").isFalse();
    }
}
