package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.DeploymentReason;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.Warning;
import io.trebuchet.web.OverviewFilter.Grouping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverviewRowsTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final List<Overview.Group> GROUPS = List.of(
            new Overview.Group(
                    GroupName.of("dev"),
                    List.of(new Overview.Environment(
                            DEV, Optional.of(Upstream.ofLatest()), List.of(), Optional.empty(), List.of()))),
            new Overview.Group(
                    GroupName.of("staging"),
                    List.of(new Overview.Environment(
                            STAGING, Optional.of(Upstream.of(DEV)), List.of(), Optional.empty(), List.of()))));

    private static final Overview OVERVIEW = new Overview(
            12,
            GROUPS,
            List.of(
                    application("search", "discovery", Map.of(DEV, 3L)),
                    application("cart", "payments", Map.of(DEV, 2L, STAGING, 2L)),
                    application("legacy", null, Map.of()),
                    application("checkout", "payments", Map.of(DEV, 1L, STAGING, 4L))));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''   | ''        | NONE | cart checkout legacy search",
                "ch   | ''        | NONE | checkout search",
                "CART | ''        | NONE | cart",
                "''   | payments  | NONE | cart checkout",
                "ch   | payments  | NONE | checkout",
                "zzz  | ''        | NONE | ''",
                "''   | ''        | TEAM | search cart checkout legacy",
                "''   | nobody    | TEAM | ''"
            })
    void filtersAndOrdersTheRows(String name, String team, Grouping grouping, String expected) {
        OverviewTable table = OverviewRows.select(OVERVIEW, filter(name, team, grouping, 1), NOW, 100);

        assertThat(applications(table)).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ", -1)));
        assertThat(table.total()).isEqualTo(4);
    }

    @Test
    void groupsByTeamWithApplicationsWithoutATeamLast() {
        OverviewTable table = OverviewRows.select(OVERVIEW, filter("", "", Grouping.TEAM, 1), NOW, 100);

        assertThat(table.rowGroups())
                .extracting(group -> group.heading().orElseThrow())
                .containsExactly("discovery", "payments", OverviewRows.NO_TEAM);
    }

    @Test
    void eachCellShowsItsDeploymentAndTheOverviewsWarningsInColumnOrder() {
        Overview.Application checkout = application("checkout", "payments", Map.of(DEV, 1L, STAGING, 4L));
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(new Overview.Application(
                        checkout.name(),
                        checkout.team(),
                        checkout.stack(),
                        checkout.latestVersion(),
                        checkout.environments(),
                        Map.of(),
                        Map.of(),
                        Map.of(
                                STAGING,
                                List.of(
                                        new Warning(Warning.Code.UNUSUAL_ORDER, "checkout runs version 4 here"),
                                        new Warning(Warning.Code.POLICY, "warn: Deployment checkout: no limits"))))));

        OverviewTable table = OverviewRows.select(overview, filter("checkout", "", Grouping.NONE, 1), NOW, 100);

        assertThat(table.columns())
                .extracting(OverviewTable.Column::environment)
                .containsExactly(DEV, STAGING);
        OverviewTable.Row row = table.rowGroups().getFirst().rows().getFirst();
        assertThat(row.cells()).extracting(OverviewTable.Cell::environment).containsExactly(DEV, STAGING);
        OverviewTable.Cell staging = row.cells().get(1);
        assertThat(staging.deployed().orElseThrow().version()).isEqualTo(new Version(4));
        assertThat(staging.deployed().orElseThrow().age()).isEqualTo("2 hours ago");
        assertThat(staging.notes())
                .containsExactly(
                        new CellNote(
                                CellNote.Kind.AHEAD, "Ahead of dev, which runs version 1; no lock here explains it."),
                        new CellNote(CellNote.Kind.WARNING, "checkout runs version 4 here."),
                        new CellNote(CellNote.Kind.POLICY, "Policy warn: Deployment checkout: no limits."));
        assertThat(row.cells().getFirst().notes()).isEmpty();
        assertThat(staging.title())
                .as("the reason in words, not the stored code")
                .startsWith("Version 4, deployed as a new release by anonymous, 2026-11-02 10:00:00 UTC\n");
    }

    @Test
    void theEnvironmentLockAndLocksThatDoNotActNowAreShownOnceInTheColumnAndCellsShowTheLocksThatStopThem() {
        LockView environmentLock = lock(LockKind.ENVIRONMENT, null, null, "incident", Optional.empty());
        LockView teamLock = lock(LockKind.TEAM, null, "payments", "freeze", Optional.empty());
        LockView expired = lock(LockKind.APPLICATION, "cart", null, "pin", Optional.of(NOW.minusSeconds(60)));
        List<Overview.Group> groups = List.of(new Overview.Group(
                GroupName.of("staging"),
                List.of(new Overview.Environment(
                        STAGING,
                        Optional.of(Upstream.of(DEV)),
                        List.of(environmentLock, teamLock, expired),
                        Optional.empty(),
                        List.of()))));
        Overview.Application cart = application("cart", "payments", Map.of(STAGING, 2L));
        Overview overview = new Overview(
                1,
                groups,
                List.of(new Overview.Application(
                        cart.name(),
                        cart.team(),
                        cart.stack(),
                        cart.latestVersion(),
                        cart.environments(),
                        Map.of(),
                        Map.of(STAGING, List.of(teamLock, expired)),
                        Map.of())));

        OverviewTable table = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100);

        assertThat(table.columns().getFirst().notes())
                .as("the environment lock, then the expired application lock; the active team lock is in the cells")
                .extracting(CellNote::kind)
                .containsExactly(CellNote.Kind.LOCK, CellNote.Kind.LOCK_INACTIVE);
        assertThat(table.columns().getFirst().stopped()).isTrue();
        assertThat(table.columns().getFirst().notes().getFirst().text())
                .isEqualTo("Environment lock 'incident' on staging by Jane Doe, 2 hours ago: “why incident”. Active.");
        assertThat(table.columns().getFirst().notes().get(1).text())
                .isEqualTo("Application lock 'pin' on cart in staging by Jane Doe, 2 hours ago: “why pin”."
                        + " Expired 1 minute ago, no longer blocks.");
        OverviewTable.Cell cell =
                table.rowGroups().getFirst().rows().getFirst().cells().getFirst();
        assertThat(cell.stopped()).isTrue();
        assertThat(cell.style()).isEqualTo("cell deployed stopped");
        assertThat(cell.notes())
                .as("only the lock that acts now; the expired one is in the column header")
                .extracting(CellNote::kind)
                .containsExactly(CellNote.Kind.LOCK);
        assertThat(cell.notes().getFirst().text()).startsWith("Team lock 'freeze' on team payments in staging by");
    }

    @Test
    void aCellAheadOfItsUpstreamKeepsItsMarkWhenALockExplainsIt() {
        LockView hotfix = lock(LockKind.APPLICATION, "cart", null, "hotfix", Optional.empty());
        Overview.Application cart = application("cart", "payments", Map.of(DEV, 1L, STAGING, 2L));
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(new Overview.Application(
                        cart.name(),
                        cart.team(),
                        cart.stack(),
                        cart.latestVersion(),
                        cart.environments(),
                        Map.of(),
                        Map.of(STAGING, List.of(hotfix)),
                        Map.of())));

        OverviewTable.Cell staging = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100)
                .rowGroups()
                .getFirst()
                .rows()
                .getFirst()
                .cells()
                .get(1);

        assertThat(staging.notes()).extracting(CellNote::kind).containsExactly(CellNote.Kind.AHEAD, CellNote.Kind.LOCK);
        assertThat(staging.notes().getFirst().text())
                .isEqualTo("Ahead of dev, which runs version 1; a lock here explains it.");
    }

    @Test
    void severalLocksThatDoNotActNowAreOneCountedNoteInTheColumn() {
        LockView expiredTeamLock = lock(LockKind.TEAM, null, "payments", "old", Optional.of(NOW.minusSeconds(60)));
        LockView expired = lock(LockKind.APPLICATION, "cart", null, "pin", Optional.of(NOW.minusSeconds(60)));
        Overview.Environment staging = new Overview.Environment(
                STAGING, Optional.of(Upstream.of(DEV)), List.of(expiredTeamLock), Optional.empty(), List.of());
        Overview.Application cart = application("cart", "payments", Map.of(STAGING, 1L));
        Overview.Application pinned = new Overview.Application(
                cart.name(),
                cart.team(),
                cart.stack(),
                cart.latestVersion(),
                cart.environments(),
                Map.of(),
                Map.of(STAGING, List.of(expiredTeamLock, expired)),
                Map.of(),
                Map.of());

        OverviewTable.Column column = OverviewRows.column(staging, List.of(pinned), NOW);

        assertThat(column.notes()).hasSize(1);
        assertThat(column.notes().getFirst().kind()).isEqualTo(CellNote.Kind.LOCK_INACTIVE);
        assertThat(column.notes().getFirst().count()).isEqualTo(2);
        assertThat(column.notes().getFirst().text())
                .startsWith("2 team and application locks that do not stop automation now: Team lock 'old'")
                .contains("Application lock 'pin'");
        assertThat(column.stopped()).as("no lock here stops automation").isFalse();
    }

    @Test
    void marksCellsBehindTheirUpstreamAndFiltersByStateWithCounts() {
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(
                        application("cart", "payments", Map.of(DEV, 3L, STAGING, 2L)),
                        application("checkout", "payments", Map.of(DEV, 1L, STAGING, 4L)),
                        application("search", "discovery", Map.of(DEV, 2L, STAGING, 2L)),
                        application("legacy", null, Map.of(DEV, 1L))));

        OverviewTable all = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100);

        assertThat(all.count(OverviewFilter.State.BEHIND)).isEqualTo(1);
        assertThat(all.count(OverviewFilter.State.QUEUED)).isZero();
        assertThat(all.count(OverviewFilter.State.LOCKED)).isZero();
        assertThat(all.outOfSync()).isEqualTo(2);
        OverviewTable.Cell cartInStaging =
                all.rowGroups().getFirst().rows().getFirst().cells().get(1);
        assertThat(cartInStaging.notes())
                .containsExactly(new CellNote(CellNote.Kind.BEHIND, "Behind dev, which runs version 3."));
        assertThat(all.rowGroups().getFirst().rows().get(1).cells().get(1).notes())
                .as("ahead of its upstream is not behind, and has a mark of its own")
                .extracting(CellNote::kind)
                .containsExactly(CellNote.Kind.AHEAD);

        OverviewTable behind =
                OverviewRows.select(overview, filter(Optional.of(OverviewFilter.State.BEHIND), false), NOW, 100);
        assertThat(applications(behind)).containsExactly("cart");
        assertThat(behind.count(OverviewFilter.State.BEHIND))
                .as("counts ignore the state filter")
                .isEqualTo(1);
        assertThat(behind.total()).isEqualTo(4);
        assertThat(applications(OverviewRows.select(overview, filter(Optional.empty(), true), NOW, 100)))
                .containsExactly("cart", "checkout");
    }

    @Test
    void theStateFilterOffersEachStateWithItsCountUnderTheOtherFilters() {
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(
                        application("cart", "payments", Map.of(DEV, 3L, STAGING, 2L)),
                        application("checkout", "payments", Map.of(DEV, 1L, STAGING, 4L)),
                        application("search", "discovery", Map.of(DEV, 2L, STAGING, 2L))));

        OverviewTable all = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100);
        assertThat(all.states().stream().map(all::optionLabel))
                .containsExactly("queued (0)", "locked (0)", "with warnings (0)", "behind upstream (1)");
        assertThat(all.outOfSyncLabel()).isEqualTo("(2)");

        OverviewTable discovery = OverviewRows.select(
                overview,
                new OverviewFilter(
                        Optional.empty(), Optional.of(TeamName.of("discovery")), Optional.empty(), Grouping.NONE, 1),
                NOW,
                100);
        assertThat(discovery.optionLabel(OverviewFilter.State.BEHIND))
                .as("counted among the applications the team filter leaves")
                .isEqualTo("behind upstream (0)");
        assertThat(discovery.outOfSyncLabel()).isEqualTo("(0)");

        OverviewTable behind =
                OverviewRows.select(overview, filter(Optional.of(OverviewFilter.State.BEHIND), true), NOW, 100);
        assertThat(behind.optionLabel(OverviewFilter.State.BEHIND))
                .as("the state and sync filters do not change what the options count")
                .isEqualTo("behind upstream (1)");
        assertThat(behind.outOfSyncLabel()).isEqualTo("(2)");
    }

    @Test
    void policyFindingsInACellAreOneNoteThatCountsThem() {
        Overview.Application cart = application("cart", "payments", Map.of(DEV, 1L, STAGING, 1L));
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(new Overview.Application(
                        cart.name(),
                        cart.team(),
                        cart.stack(),
                        cart.latestVersion(),
                        cart.environments(),
                        Map.of(),
                        Map.of(),
                        Map.of(
                                STAGING,
                                List.of(
                                        new Warning(Warning.Code.POLICY, "warn: no limits"),
                                        new Warning(Warning.Code.UNUSUAL_ORDER, "odd order"),
                                        new Warning(Warning.Code.POLICY, "warn: latest tag"))))));

        OverviewTable table = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100);

        assertThat(table.rowGroups().getFirst().rows().getFirst().cells().get(1).notes())
                .containsExactly(
                        new CellNote(CellNote.Kind.WARNING, "odd order."),
                        new CellNote(
                                CellNote.Kind.POLICY,
                                "2 policy findings: Policy warn: no limits. Policy warn: latest tag.",
                                2));
        assertThat(table.count(OverviewFilter.State.WARNINGS)).isEqualTo(1);
    }

    private static OverviewFilter filter(Optional<OverviewFilter.State> state, boolean outOfSync) {
        return new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                state,
                outOfSync,
                Grouping.NONE,
                OverviewFilter.Sort.NAME,
                java.util.Set.of(),
                1);
    }

    @Test
    void aCellShowsTheVersionQueuedThere() {
        Overview.Application cart = application("cart", "payments", Map.of(DEV, 1L));
        QueuedVersion queued = new QueuedVersion(
                cart.name(),
                DEV,
                new Version(3),
                NOW.minusSeconds(600),
                Actor.ANONYMOUS,
                DeploymentReason.AUTO,
                List.of("ENVIRONMENT_LOCKED: environment lock 'qa' on dev: QA"));
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(new Overview.Application(
                        cart.name(),
                        cart.team(),
                        cart.stack(),
                        cart.latestVersion(),
                        cart.environments(),
                        Map.of(DEV, queued),
                        Map.of(),
                        Map.of())));

        OverviewTable.Row row = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100)
                .rowGroups()
                .getFirst()
                .rows()
                .getFirst();

        OverviewTable.Cell dev = row.cells().getFirst();
        assertThat(dev.queued().orElseThrow().version()).isEqualTo(new Version(3));
        assertThat(dev.queued().orElseThrow().text())
                .isEqualTo("Version 3 waits here: anonymous queued it 10 minutes ago as a new release. What stops"
                        + " it: Environment lock 'qa' on dev: QA. Unlocking does not deploy it; deploy it when"
                        + " ready.");
        assertThat(dev.style()).isEqualTo("cell deployed queued");
        assertThat(row.cells().get(1).queued()).isEmpty();
    }

    @Test
    void aQueuedVersionSaysEveryBlockerAsASentenceWithoutItsCodeAndWithItsTimesAsPagesPrintThem() {
        QueuedVersion queued = new QueuedVersion(
                AppName.of("cart"),
                DEV,
                new Version(4),
                NOW.minusSeconds(7200),
                new Actor("Jane Doe", "jane@example.com"),
                DeploymentReason.TRAIN,
                List.of(
                        "ENVIRONMENT_LOCKED: environment lock 'qa' on dev: QA",
                        "FREEZE_WINDOW: deny window '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02T18:00:00Z"));

        assertThat(OverviewRows.queued(queued, NOW).text())
                .isEqualTo("Version 4 waits here: Jane Doe queued it 2 hours ago with a release train. What stops"
                        + " it: Environment lock 'qa' on dev: QA. Deny window '0 18 * * FRI' for 2h (UTC) is open"
                        + " until 2026-11-02 18:00:00 UTC. Unlocking does not deploy it; deploy it when ready.");
    }

    @Test
    void aHeldCellSaysWhoRolledBackWhyAndHowTheHoldEnds() {
        Overview.Application cart = application("cart", "payments", Map.of(DEV, 1L));
        Hold hold = new Hold(
                cart.name(),
                DEV,
                new Version(1),
                NOW.minusSeconds(7200),
                new Actor("Sofia Rossi", "sofia@example.com"),
                "rolled back from version 2 to 1");
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(new Overview.Application(
                        cart.name(),
                        cart.team(),
                        cart.stack(),
                        cart.latestVersion(),
                        cart.environments(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(DEV, hold))));

        OverviewTable.Row row = OverviewRows.select(overview, OverviewFilter.all(), NOW, 100)
                .rowGroups()
                .getFirst()
                .rows()
                .getFirst();

        assertThat(row.cells().getFirst().notes())
                .filteredOn(note -> note.kind() == CellNote.Kind.HELD)
                .singleElement()
                .extracting(CellNote::text)
                .isEqualTo("Held at version 1: Sofia Rossi rolled back 2 hours ago (rolled back from version 2 to 1)."
                        + " Automation leaves it here until someone releases the hold or deploys a newer version by"
                        + " hand.");
        assertThat(row.cells().get(1).notes()).noneMatch(note -> note.kind() == CellNote.Kind.HELD);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''      | NONE  | a-app b-app c-app d-app | ''",
                "geocube | NONE  | a-app c-app             | ''",
                "''      | STACK | a-app c-app b-app d-app | geocube,shop,No stack",
                "shop    | STACK | b-app                   | shop"
            })
    void filtersAndGroupsByStack(String stack, Grouping grouping, String expected, String headings) {
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(
                        stacked("a-app", "geocube"),
                        stacked("b-app", "shop"),
                        stacked("c-app", "geocube"),
                        stacked("d-app", null)));

        OverviewTable table = OverviewRows.select(
                overview,
                new OverviewFilter(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(stack).filter(text -> !text.isEmpty()).map(StackName::of),
                        grouping,
                        1),
                NOW,
                100);

        assertThat(applications(table)).isEqualTo(List.of(expected.split(" ")));
        assertThat(table.rowGroups().stream()
                        .flatMap(group -> group.heading().stream())
                        .toList())
                .isEqualTo(headings.isEmpty() ? List.of() : List.of(headings.split(",")));
        assertThat(OverviewRows.stacks(overview)).containsExactly(StackName.of("geocube"), StackName.of("shop"));
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, 10, 3", "2, 2, 11, 20, 3", "3, 3, 21, 25, 3", "9, 3, 21, 25, 3"})
    void cutsTheRowsIntoPages(int asked, int page, int first, int last, int pages) {
        List<Overview.Application> many = IntStream.range(0, 25)
                .mapToObj(index -> application("app-%02d".formatted(index), null, Map.of()))
                .toList();

        OverviewTable table =
                OverviewRows.select(new Overview(1, GROUPS, many), filter("", "", Grouping.NONE, asked), NOW, 10);

        assertThat(table.page()).isEqualTo(page);
        assertThat(table.pages()).isEqualTo(pages);
        assertThat(table.firstRow()).isEqualTo(first);
        assertThat(table.lastRow()).isEqualTo(last);
        assertThat(applications(table)).hasSize(last - first + 1).first().isEqualTo("app-%02d".formatted(first - 1));
    }

    @Test
    void sortsByAttentionOrByTheLastDeploymentInsideEachGroup() {
        // b is behind (staging runs 1 where dev runs 2), c and d are in sync, a was never deployed.
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(
                        deployedAt(application("a", "payments", Map.of()), "2026-11-01T00:00:00Z"),
                        deployedAt(application("b", "payments", Map.of(DEV, 2L, STAGING, 1L)), "2026-11-02T00:00:00Z"),
                        deployedAt(application("c", "payments", Map.of(DEV, 1L, STAGING, 1L)), "2026-11-04T00:00:00Z"),
                        deployedAt(application("d", "discovery", Map.of(DEV, 1L)), "2026-11-03T00:00:00Z")));

        assertThat(applications(
                        OverviewRows.select(overview, sorted(Grouping.NONE, OverviewFilter.Sort.NAME), NOW, 10)))
                .containsExactly("a", "b", "c", "d");
        assertThat(applications(
                        OverviewRows.select(overview, sorted(Grouping.NONE, OverviewFilter.Sort.ATTENTION), NOW, 10)))
                .containsExactly("b", "a", "c", "d");
        assertThat(applications(
                        OverviewRows.select(overview, sorted(Grouping.NONE, OverviewFilter.Sort.RECENT), NOW, 10)))
                .containsExactly("c", "d", "b", "a");
        // Grouped, the groups keep their order and each sorts inside itself.
        assertThat(applications(
                        OverviewRows.select(overview, sorted(Grouping.TEAM, OverviewFilter.Sort.RECENT), NOW, 10)))
                .containsExactly("d", "c", "b", "a");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1  | 1 2 3 … 25",
                "4  | 1 2 3 4 5 6 … 25",
                "5  | 1 2 3 4 5 6 7 … 25",
                "12 | 1 … 10 11 12 13 14 … 25",
                "25 | 1 … 23 24 25"
            })
    void offersTheEndsAndTheNeighboursOfThePage(int page, String expected) {
        List<Overview.Application> many = IntStream.range(0, 25)
                .mapToObj(index -> application("app-%02d".formatted(index), null, Map.of()))
                .toList();

        OverviewTable table =
                OverviewRows.select(new Overview(1, GROUPS, many), filter("", "", Grouping.NONE, page), NOW, 1);

        assertThat(table.pageLinks().stream()
                        .map(link -> link.gap() ? "…" : Integer.toString(link.number()))
                        .collect(java.util.stream.Collectors.joining(" ")))
                .isEqualTo(expected);
    }

    private static OverviewFilter sorted(Grouping grouping, OverviewFilter.Sort sort) {
        return new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                grouping,
                sort,
                java.util.Set.of(),
                1);
    }

    /** {@code application} with every cell deployed at {@code time}. */
    private static Overview.Application deployedAt(Overview.Application application, String time) {
        Map<EnvName, Overview.Cell> cells = new java.util.TreeMap<>();
        application
                .environments()
                .forEach((environment, cell) -> cells.put(
                        environment,
                        new Overview.Cell(
                                cell.version(),
                                cell.displayVersion(),
                                Instant.parse(time),
                                cell.deployedBy(),
                                cell.reason())));
        return new Overview.Application(
                application.name(),
                application.team(),
                application.stack(),
                application.latestVersion(),
                cells,
                application.queued(),
                application.locks(),
                application.warnings(),
                application.holds());
    }

    @Test
    void listsEveryTeamOnce() {
        assertThat(OverviewRows.teams(OVERVIEW)).containsExactly(TeamName.of("discovery"), TeamName.of("payments"));
    }

    private static OverviewFilter filter(String name, String team, Grouping grouping, int page) {
        return new OverviewFilter(
                Optional.of(name),
                Optional.of(team).filter(text -> !text.isEmpty()).map(TeamName::of),
                Optional.empty(),
                grouping,
                page);
    }

    private static Overview.Application stacked(String name, String stack) {
        Overview.Application plain = application(name, null, Map.of());
        return new Overview.Application(
                plain.name(),
                plain.team(),
                Optional.ofNullable(stack).map(StackName::of),
                plain.latestVersion(),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of());
    }

    private static LockView lock(LockKind kind, String application, String team, String id, Optional<Instant> expiry) {
        Lock lock = new Lock(
                kind,
                STAGING,
                Optional.ofNullable(application).map(AppName::of),
                Optional.ofNullable(team).map(TeamName::of),
                LockId.of(id),
                "why " + id,
                new Actor("Jane Doe", "jane@example.com"),
                NOW.minusSeconds(7200),
                Optional.empty(),
                expiry,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return LockService.view(lock, NOW);
    }

    private static List<String> applications(OverviewTable table) {
        return table.rowGroups().stream()
                .flatMap(group -> group.rows().stream())
                .map(row -> row.application().value())
                .toList();
    }

    @Test
    void deploymentsTheExportHasNotPushedAreMarked() {
        ExportLag behindSinceNine = new ExportLag(
                true, 3, Optional.of(Instant.parse("2026-11-02T09:00:00Z")), Optional.empty(), Optional.empty());
        ExportLag behindSinceEleven = new ExportLag(
                true, 1, Optional.of(Instant.parse("2026-11-02T11:00:00Z")), Optional.empty(), Optional.empty());

        assertThat(gitNotes(OverviewRows.select(OVERVIEW, OverviewFilter.all(), NOW, 100, behindSinceNine)))
                .contains("Not in git yet: the export is 3 events behind.");
        assertThat(gitNotes(OverviewRows.select(OVERVIEW, OverviewFilter.all(), NOW, 100, behindSinceEleven)))
                .isEmpty();
        assertThat(gitNotes(OverviewRows.select(OVERVIEW, OverviewFilter.all(), NOW, 100)))
                .isEmpty();
    }

    private static List<String> gitNotes(OverviewTable table) {
        return table.rowGroups().stream()
                .flatMap(group -> group.rows().stream())
                .flatMap(row -> row.cells().stream())
                .flatMap(cell -> cell.notes().stream())
                .filter(note -> note.kind() == CellNote.Kind.GIT_PENDING)
                .map(CellNote::text)
                .toList();
    }

    /** An application of {@code team} (none when null) running {@code versions}, each deployed at the same time. */
    static Overview.Application application(String name, String team, Map<EnvName, Long> versions) {
        Map<EnvName, Overview.Cell> cells = new java.util.TreeMap<>();
        versions.forEach((environment, version) -> cells.put(
                environment,
                new Overview.Cell(
                        new Version(version),
                        Optional.empty(),
                        Instant.parse("2026-11-02T10:00:00Z"),
                        Actor.ANONYMOUS,
                        "auto")));
        return new Overview.Application(
                AppName.of(name),
                Optional.ofNullable(team).map(TeamName::of),
                Optional.empty(),
                versions.values().stream().max(Long::compare).map(Version::new),
                cells,
                Map.of(),
                Map.of(),
                Map.of());
    }
}
