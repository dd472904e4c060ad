package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.testing.TestingRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientIT {
    private static final List<String> TAGS = List.of(
            "1.0.0", "1.1.0", "v1_abcdef0_2021-10-08T12.44.03Z", "v1_1234567_2021-10-09T08.00.00Z", "42", "1.1.0.sig");

    @TempDir
    Path directory;

    @Test
    void listsTagsAndReadsDigestsAnonymously() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.NONE)) {
            String digest = registry.push("team/app", TAGS);
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);
            ImageReference image = ImageReference.parse(registry.image("team/app"));

            TagListing listing = client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty());

            assertThat(listing).isInstanceOfSatisfying(TagListing.Listed.class, listed -> {
                assertThat(listed.tags()).containsExactlyInAnyOrderElementsOf(TAGS);
                assertThat(listed.pages()).isEqualTo(1);
            });
            assertThat(client.digest(image, "1.1.0", RegistryCredentials.ANONYMOUS))
                    .isEqualTo(digest);
            TagChoice choice = TagChooser.choose(TagPolicy.semver("^1"), ((TagListing.Listed) listing).tags());
            assertThat(choice)
                    .isInstanceOfSatisfying(
                            TagChoice.Chosen.class,
                            chosen -> assertThat(chosen.tag()).isEqualTo("1.1.0"));
        }
    }

    @Test
    void missingRepositoryIsARegistryError() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.NONE)) {
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);

            assertThatThrownBy(() -> client.tags(
                            ImageReference.parse(registry.image("nobody/here")),
                            RegistryCredentials.ANONYMOUS,
                            Optional.empty()))
                    .isInstanceOfSatisfying(TrebuchetException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_ERROR);
                        assertThat(e.getMessage()).contains("does not have it");
                        assertThat(e.details()).containsEntry("status", 404);
                    });
        }
    }

    @Test
    void signsInWithBasicAuthentication() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.BASIC)) {
            registry.push("app", TAGS);
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);
            ImageReference image = ImageReference.parse(registry.image("app"));

            assertThatThrownBy(() -> client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty()))
                    .isInstanceOfSatisfying(
                            TrebuchetException.class,
                            e -> assertThat(e.getMessage()).contains("asks for a user name and password"));
            assertThatThrownBy(() -> client.tags(
                            image, new RegistryCredentials.Basic(TestingRegistry.USER, "wrong"), Optional.empty()))
                    .isInstanceOfSatisfying(
                            TrebuchetException.class,
                            e -> assertThat(e.getMessage()).contains("refused the credentials"));
            TagListing listing = client.tags(image, basic(), Optional.empty());

            assertThat(((TagListing.Listed) listing).tags()).containsExactlyInAnyOrderElementsOf(TAGS);
            assertThat(client.digest(image, "42", basic())).startsWith("sha256:");
        }
    }

    @Test
    void followsTheBearerTokenFlowAndReusesTheToken() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.TOKEN)) {
            String digest = registry.push("team/app", TAGS);
            int tokensForPush = registry.tokenRequests();
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 2);
            ImageReference image = ImageReference.parse(registry.image("team/app"));

            TagListing listing = client.tags(image, basic(), Optional.empty());
            String tagDigest = client.digest(image, "1.0.0", basic());

            assertThat(((TagListing.Listed) listing).tags()).containsExactlyInAnyOrderElementsOf(TAGS);
            assertThat(tagDigest).isEqualTo(digest);
            // One token for the repository's pull scope, reused for every page and the manifest.
            assertThat(registry.tokenRequests() - tokensForPush).isEqualTo(1);
            assertThat(client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty()))
                    .isInstanceOf(TagListing.Listed.class);
        }
    }

    @Test
    void scansThousandsOfTagsAndManyDigestsWithinTheRequestBudget() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.NONE)) {
            registry.push("big", List.of("build-0"));
            List<String> tags = IntStream.rangeClosed(1, 1_100)
                    .mapToObj(build -> "build-" + build)
                    .toList();
            registry.tag("big", "build-0", tags);
            RequestBudget.Settings budget = new RequestBudget.Settings(4.0, 2, 1);
            RegistryClient client = client(budget, 100);
            ImageReference image = ImageReference.parse(registry.image("big"));

            TagListing listing = client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty());
            for (String tag : tags.subList(0, 16)) {
                client.digest(image, tag, RegistryCredentials.ANONYMOUS);
            }

            // distribution 2.8 does not page tag lists (3.0 does): all of them come in one answer.
            assertThat(((TagListing.Listed) listing).tags()).hasSize(1_101).contains("build-1100", "build-0");
            List<String> scan = registry.accessLog(line -> line.contains(RegistryClient.USER_AGENT));
            assertThat(scan).hasSize(17);
            assertThat(scan.getFirst()).contains("GET /v2/big/tags/list?n=100 ");
            assertThat(scan.subList(1, 17)).allMatch(line -> line.contains("HEAD /v2/big/manifests/build-"));
            // The log stamps whole seconds: in any span of s seconds the registry saw at most burst + rate × s
            // requests (+ rate for the partial seconds at both ends).
            TreeMap<LocalTime, Integer> perSecond = new TreeMap<>();
            DateTimeFormatter stamp = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
            for (String line : scan) {
                String time = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
                perSecond.merge(LocalTime.from(stamp.parse(time)), 1, Integer::sum);
            }
            List<LocalTime> seconds = List.copyOf(perSecond.keySet());
            for (int from = 0; from < seconds.size(); from++) {
                int count = 0;
                for (int to = from; to < seconds.size(); to++) {
                    count += perSecond.get(seconds.get(to));
                    long span =
                            Duration.between(seconds.get(from), seconds.get(to)).toSeconds() + 1;
                    assertThat(count)
                            .as("requests from %s to %s", seconds.get(from), seconds.get(to))
                            .isLessThanOrEqualTo((int) (budget.burst() + budget.perSecond() * (span + 1)));
                }
            }
            assertThat(Duration.between(seconds.getFirst(), seconds.getLast()).toSeconds())
                    .as("17 requests at 4/s after a burst of 2 take at least 3.75 s")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void pagesThroughTagListsByTheirLinkHeaders() {
        List<String> tags = IntStream.range(0, 1_050)
                .mapToObj(build -> "%05d".formatted(build))
                .toList();
        try (TestingFakeRegistry registry = new TestingFakeRegistry(tags)) {
            RequestBudget.Settings budget = new RequestBudget.Settings(20.0, 3, 1);
            RegistryClient client = client(budget, 100);

            TagListing listing = client.tags(
                    ImageReference.parse(registry.image()), RegistryCredentials.ANONYMOUS, Optional.empty());

            assertThat(listing).isInstanceOfSatisfying(TagListing.Listed.class, listed -> {
                assertThat(listed.tags()).containsExactlyElementsOf(tags);
                assertThat(listed.pages()).isEqualTo(11);
                assertThat(listed.etag()).isEmpty();
            });
            List<TestingFakeRegistry.Request> requests = registry.requests();
            assertThat(requests).hasSize(11);
            assertThat(requests.get(0).uri()).isEqualTo("/v2/app/tags/list?n=100");
            assertThat(requests.get(1).uri()).isEqualTo("/v2/app/tags/list?last=00099&n=100");
            // 11 requests at 20/s after a burst of 3: at least 8 / 20 s apart.
            assertThat(requests.getLast().nanos() - requests.getFirst().nanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(350).toNanos());
            // The budget spaces requests when they are sent; the registry sees them arrive with some jitter (a full
            // suite run saw 44.6 ms), so the bound leaves 15 ms of it. Unpaced, four requests arrive within a few ms.
            for (int i = 0; i + 3 < requests.size(); i++) {
                assertThat(requests.get(i + 3).nanos() - requests.get(i).nanos())
                        .as("4 requests span at least 1/20 s, less arrival jitter")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(35).toNanos());
            }
        }
    }

    @Test
    void waitsOutRetryAfterWhenTheRegistryAnswersTooManyRequests() {
        try (TestingFakeRegistry registry = new TestingFakeRegistry(List.of("1.0.0"))) {
            registry.answerTooManyRequests(2);
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);

            TagListing listing = client.tags(
                    ImageReference.parse(registry.image()), RegistryCredentials.ANONYMOUS, Optional.empty());

            assertThat(((TagListing.Listed) listing).tags()).containsExactly("1.0.0");
            List<TestingFakeRegistry.Request> requests = registry.requests();
            assertThat(requests).hasSize(3);
            assertThat(requests.get(1).nanos() - requests.get(0).nanos())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
            assertThat(requests.get(2).nanos() - requests.get(1).nanos())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }
    }

    @Test
    void givesUpAfterItsRetriesWithARegistryError() {
        try (TestingFakeRegistry registry = new TestingFakeRegistry(List.of("1.0.0"))) {
            registry.answerTooManyRequests(10);
            RegistryClient.Settings settings = new RegistryClient.Settings(
                    100, 1, RegistryClient.Settings.DEFAULT.backoff(), 1000, Duration.ofSeconds(5));
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, settings);

            assertThatThrownBy(() -> client.tags(
                            ImageReference.parse(registry.image()), RegistryCredentials.ANONYMOUS, Optional.empty()))
                    .isInstanceOfSatisfying(TrebuchetException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_ERROR);
                        assertThat(e.getMessage()).contains("429 Too Many Requests");
                    });
            assertThat(registry.requests()).hasSize(2);
        }
    }

    @Test
    void asksAgainWithTheEtagOfAOnePageList() {
        try (TestingFakeRegistry registry = new TestingFakeRegistry(List.of("1.0.0", "1.1.0"))) {
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);
            ImageReference image = ImageReference.parse(registry.image());

            TagListing.Listed first =
                    (TagListing.Listed) client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty());
            TagListing again = client.tags(image, RegistryCredentials.ANONYMOUS, first.etag());

            assertThat(first.etag()).isPresent();
            assertThat(again).isEqualTo(new TagListing.Unchanged(first.etag().orElseThrow()));
            assertThat(registry.requests().get(1).headers())
                    .containsEntry("if-none-match", first.etag().get());
        }
    }

    @Test
    void asksForAnUnchangedTagListWithItsEtagWhenTheRegistrySendsOne() {
        try (TestingRegistry registry = TestingRegistry.start(directory, TestingRegistry.Auth.NONE)) {
            registry.push("app", List.of("1.0.0"));
            RegistryClient client = client(RequestBudget.Settings.DEFAULT, 100);
            ImageReference image = ImageReference.parse(registry.image("app"));

            TagListing.Listed first =
                    (TagListing.Listed) client.tags(image, RegistryCredentials.ANONYMOUS, Optional.empty());
            TagListing again = client.tags(image, RegistryCredentials.ANONYMOUS, first.etag());

            if (first.etag().isPresent()) {
                assertThat(again)
                        .isEqualTo(new TagListing.Unchanged(first.etag().get()));
            } else {
                // distribution 2.8 sends no ETag on tag lists: the client asks plainly and gets the list.
                assertThat(again).isEqualTo(first);
            }
        }
    }

    private static RegistryCredentials basic() {
        return new RegistryCredentials.Basic(TestingRegistry.USER, TestingRegistry.PASSWORD);
    }

    private static RegistryClient client(RequestBudget.Settings budget, int pageSize) {
        return client(
                budget,
                new RegistryClient.Settings(
                        pageSize,
                        RegistryClient.Settings.DEFAULT.retries(),
                        RegistryClient.Settings.DEFAULT.backoff(),
                        RegistryClient.Settings.DEFAULT.maxTags(),
                        RegistryClient.Settings.DEFAULT.timeout()));
    }

    private static RegistryClient client(RequestBudget.Settings budget, RegistryClient.Settings settings) {
        Clock clock = Clock.systemUTC();
        return new RegistryClient(
                RegistryClient.newHttpClient(),
                new RegistryBudgets(budget, Map.of(), clock, RequestBudget.Pause.REAL),
                settings,
                clock,
                RequestBudget.Pause.REAL);
    }
}
