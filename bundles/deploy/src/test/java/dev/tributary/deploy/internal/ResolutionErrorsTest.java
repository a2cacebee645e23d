package dev.tributary.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResolutionErrorsTest {

    @Test
    void aMissingPackageIsNamedWithItsVersionRange() {
        String felix = "Unable to resolve acme [12](R 12.0): missing requirement [acme [12](R 12.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=com.acme.missing)(version>=1.0.0)(!(version>=2.0.0))) "
                + "Unresolved requirements: [[acme [12](R 12.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=com.acme.missing)(version>=1.0.0)(!(version>=2.0.0)))]";
        assertThat(ResolutionErrors.describe(felix))
                .startsWith("missing package com.acme.missing [1.0.0,2.0.0): no deployed or platform bundle provides it");
    }

    @Test
    void aPackageWithoutVersionIsNamedAlone() {
        String felix = "Unable to resolve a [3](R 3.0): missing requirement [a [3](R 3.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=org.example)";
        assertThat(ResolutionErrors.describe(felix)).startsWith("missing package org.example: ");
    }

    @Test
    void aTransitiveFailureSaysSo() {
        String felix = "Unable to resolve a [3](R 3.0): missing requirement [a [3](R 3.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=b.api)(version>=1.0.0)) [caused by: Unable to resolve b [4](R 4.0): "
                + "missing requirement [b [4](R 4.0)] osgi.wiring.package; (osgi.wiring.package=c)]";
        assertThat(ResolutionErrors.describe(felix))
                .startsWith("missing package b.api >= 1.0.0")
                .contains("cannot resolve itself");
    }

    @Test
    void anUnknownMessageKeepsItsFirstLine() {
        assertThat(ResolutionErrors.describe("Something odd\nsecond line")).isEqualTo("Something odd");
    }
}
