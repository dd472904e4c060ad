package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedHostsTest {
    private final AllowedHosts loopback = AllowedHosts.of("127.0.0.1", List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "localhost:8080",
                "LOCALHOST:8080",
                "127.0.0.1",
                "127.0.0.1:1",
                "127.0.0.2:8080",
                "[::1]",
                "[::1]:8080",
                "[0:0:0:0:0:0:0:1]:8080"
            })
    void loopbackNamesAndAddressesAreAnsweredOnAnyPort(String host) {
        assertThat(loopback.allows(Optional.of(host))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.test",
                "evil.test:8080",
                "localhost.evil.test",
                "localhost.",
                "127.0.0.1.nip.io:8080",
                "10.1.2.3:8080",
                "127.0.0.1:99999",
                "127.0.0.1:port",
                "256.0.0.1",
                "[::1",
                "[fe80::1%25eth0]",
                "",
                "a b",
                "user@127.0.0.1"
            })
    void otherNamesAreRefused(String host) {
        assertThat(loopback.allows(Optional.of(host))).isFalse();
    }

    @Test
    void aRequestWithoutHostComesFromNoBrowserAndIsAnswered() {
        assertThat(loopback.allows(Optional.empty())).isTrue();
    }

    @Test
    void configuredNamesAddressesAndSubdomainsAreAnswered() {
        AllowedHosts hosts = AllowedHosts.of(
                "127.0.0.1", List.of("Trebuchet.Example.com", "*.apps.example.com", "10.0.0.7", "fd00::7"));

        assertThat(hosts.allows(Optional.of("trebuchet.example.com"))).isTrue();
        assertThat(hosts.allows(Optional.of("TREBUCHET.EXAMPLE.COM:443"))).isTrue();
        assertThat(hosts.allows(Optional.of("deploy.apps.example.com:8080"))).isTrue();
        assertThat(hosts.allows(Optional.of("10.0.0.7:8080"))).isTrue();
        assertThat(hosts.allows(Optional.of("[fd00:0:0:0:0:0:0:7]:8080"))).isTrue();
        assertThat(hosts.allows(Optional.of("apps.example.com"))).isFalse();
        assertThat(hosts.allows(Optional.of("example.com"))).isFalse();
        assertThat(hosts.allows(Optional.of("trebuchet.example.com.evil.test"))).isFalse();
        assertThat(hosts.allows(Optional.of("10.0.0.8"))).isFalse();
        assertThat(hosts.describe())
                .containsExactly(
                        "localhost",
                        "127.0.0.1",
                        "[::1]",
                        "trebuchet.example.com",
                        "*.apps.example.com",
                        "10.0.0.7",
                        "fd00::7");
    }

    @Test
    void theBindAddressIsAnswered() {
        AllowedHosts byAddress = AllowedHosts.of("192.0.2.10", List.of());
        AllowedHosts byName = AllowedHosts.of("trebuchet.internal", List.of());

        assertThat(byAddress.allows(Optional.of("192.0.2.10:8080"))).isTrue();
        assertThat(byAddress.allows(Optional.of("192.0.2.11:8080"))).isFalse();
        assertThat(byName.allows(Optional.of("trebuchet.internal:8080"))).isTrue();
    }

    @Test
    void boundToEveryAddressTheMachinesOwnAddressesAreAnsweredButNotNames() throws SocketException {
        AllowedHosts everywhere = AllowedHosts.of("0.0.0.0", List.of());
        List<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address.getAddress().length == 4)
                .toList();

        assertThat(own).isNotEmpty();
        own.forEach(address -> assertThat(everywhere.allows(Optional.of(address.getHostAddress() + ":8080")))
                .as(address.toString())
                .isTrue());
        assertThat(everywhere.allows(Optional.of("192.0.2.99:8080"))).isFalse();
        assertThat(everywhere.allows(Optional.of("evil.test:8080"))).isFalse();
        assertThat(AllowedHosts.of("::", List.of()).allows(Optional.of("127.0.0.1")))
                .isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "trebuchet.example.com:8080 | without scheme, port or path",
                "https://trebuchet.example.com | without scheme, port or path",
                "trebuchet.example.com/ui | without scheme, port or path",
                "under_score.example.com | is not a host name",
                "*.*.example.com | is not a host name",
                "-leading.example.com | is not a host name",
                "' ' | is empty"
            })
    void malformedConfiguredHostsAreRefusedWithAReason(String entry, String reason) {
        assertThatThrownBy(() -> AllowedHosts.of("127.0.0.1", List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void addressesAreReadWithoutAskingDns() {
        assertThat(AllowedHosts.address("192.0.2.1")).isPresent();
        assertThat(AllowedHosts.address("[::1]")).isPresent();
        assertThat(AllowedHosts.address("999.0.0.1")).isEmpty();
        assertThat(AllowedHosts.address("[zz::1]")).isEmpty();
        assertThat(AllowedHosts.address("localhost")).isEmpty();
    }
}
