package model_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// teamRunner is one line of a race for the team tests: a bib, a club, and a
// finish ("10:40:03.4", a clock time after the 10:00 start) or a status
// ("dnf", "dsq"; "" did not finish at all).
type teamRunner struct {
	bib    int
	club   string
	gender model.Gender
	finish string
	team   string // the extra field "team" (company runs)
}

// teamEvent is one race, 10k, started at 10:00, timed to precision, with
// an extra field "team".
func teamEvent(t testing.TB, precision string) *model.Event {
	t.Helper()
	ev := &model.Event{Name: "Teamlauf", Date: "2026-12-06",
		Races:       []model.Race{{ID: "10k", Bibs: []model.BibRange{{From: 1, To: 9999}}, TimingPrecision: precision}},
		ExtraFields: []model.ExtraField{{Key: "team", Label: "Firma"}}}
	if err := ev.Check(); err != nil {
		t.Fatal(err)
	}
	return ev
}

// raceResults computes the 10k's results of the runners.
func raceResults(t testing.TB, ev *model.Event, rs []teamRunner) []model.Result {
	t.Helper()
	tl := newTimeline(t, ev)
	tl.start("10k", "10:00:00")
	ps := make([]model.Participant, len(rs))
	for i, r := range rs {
		ps[i] = model.Participant{ID: fmt.Sprintf("p%04d", r.bib), First: "R", Last: strconv.Itoa(r.bib), Born: model.BirthDate{Year: 1980},
			Gender: r.gender, Club: r.club, Race: "10k", Bib: r.bib, Status: model.Registered}
		if ps[i].Gender == "" {
			ps[i].Gender = model.Male
		}
		if r.team != "" {
			ps[i].Extra = map[string]string{"team": r.team}
		}
		switch r.finish {
		case "":
		case "dnf", "dsq":
			tl.add(model.TimingEvent{Kind: model.KindStatus, Bib: r.bib, Status: model.Status(r.finish)})
		default:
			tl.finish("10k", r.bib, r.finish)
		}
	}
	return model.ComputeResults(ev, ps, tl.events)["10k"].Results
}

// teamLine is a team as a test reads it: "1. LG Buchau 2:03:06 [1 2 3]";
// an incomplete team has "-" for its place and no sum.
func teamLine(tm model.Team, score string) string {
	place := "-"
	if tm.Place > 0 {
		place = strconv.Itoa(tm.Place) + "."
	}
	bibs := make([]string, len(tm.Members))
	for i, m := range tm.Members {
		bibs[i] = strconv.Itoa(m.Bib)
	}
	sum := ""
	if tm.Complete {
		sum = tm.TimeText
		if score == model.TeamScorePlaces {
			sum = strconv.Itoa(tm.Points)
		}
		sum += " "
	}
	g := ""
	if tm.Gender != "" {
		g = string(tm.Gender) + " "
	}
	return fmt.Sprintf("%s %s%s %s[%s]", place, g, tm.Name, sum, strings.Join(bibs, " "))
}

func TestTeamRanking(t *testing.T) {
	tests := []struct {
		name      string
		precision string
		rules     model.TeamRules
		runners   []teamRunner
		want      []string
	}{
		{name: "the three best of a club make its team; their times as shown are added",
			runners: []teamRunner{
				{bib: 1, club: "LG Buchau", finish: "10:40:03.4"}, // 0:40:04
				{bib: 2, club: "LG Buchau", finish: "10:41:00.2"}, // 0:41:01
				{bib: 3, club: "LG Buchau", finish: "10:42:00.3"}, // 0:42:01 — exact sum 2:03:03.9
				{bib: 4, club: "LG Buchau", finish: "10:43:00"},   // fourth: not counted
				{bib: 5, club: "TSV Ost", finish: "10:39:00"},
				{bib: 6, club: "TSV Ost", finish: "10:41:30"},
				{bib: 7, club: "TSV Ost", finish: "10:43:00"},
			},
			want: []string{"1. LG Buchau 2:03:06 [1 2 3]", "2. TSV Ost 2:03:30 [5 6 7]"}},
		{name: "a club with fewer finishers than a team is listed after the ranked teams, without a place",
			runners: []teamRunner{
				{bib: 1, club: "Solo SC", finish: "10:30:00"},
				{bib: 2, club: "Duo SC", finish: "10:31:00"},
				{bib: 3, club: "Duo SC", finish: "10:32:00"},
				{bib: 4, club: "Trio SC", finish: "10:50:00"},
				{bib: 5, club: "Trio SC", finish: "10:51:00"},
				{bib: 6, club: "Trio SC", finish: "10:52:00"},
			},
			want: []string{"1. Trio SC 2:33:00 [4 5 6]", "- Duo SC [2 3]", "- Solo SC [1]"}},
		{name: "DNF and DSQ runners do not count for their club",
			runners: []teamRunner{
				{bib: 1, club: "LG Buchau", finish: "10:40:00"},
				{bib: 2, club: "LG Buchau", finish: "10:41:00"},
				{bib: 3, club: "LG Buchau", finish: "dnf"},
				{bib: 4, club: "LG Buchau", finish: "dsq"},
				{bib: 5, club: "LG Buchau"},
			},
			want: []string{"- LG Buchau [1 2]"}},
		{name: "equal sums: the team whose third teamRunner finished first wins",
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"}, {bib: 2, club: "A", finish: "10:40:00"}, {bib: 3, club: "A", finish: "10:50:00"},
				{bib: 4, club: "B", finish: "10:35:00"}, {bib: 5, club: "B", finish: "10:37:00"}, {bib: 6, club: "B", finish: "10:48:00"},
			},
			want: []string{"1. B 2:00:00 [4 5 6]", "2. A 2:00:00 [1 2 3]"}},
		{name: "equal sums decided by the third teamRunner's exact time, though both show the same",
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"}, {bib: 2, club: "A", finish: "10:40:00"}, {bib: 3, club: "A", finish: "10:49:59.8"},
				{bib: 4, club: "B", finish: "10:30:00"}, {bib: 5, club: "B", finish: "10:40:00"}, {bib: 6, club: "B", finish: "10:49:59.2"},
			},
			want: []string{"1. B 2:00:00 [4 5 6]", "2. A 2:00:00 [1 2 3]"}},
		{name: "teams equal in sum and in the last teamRunner's time share the place",
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"}, {bib: 2, club: "A", finish: "10:40:00"}, {bib: 3, club: "A", finish: "10:50:00"},
				{bib: 4, club: "B", finish: "10:31:00"}, {bib: 5, club: "B", finish: "10:39:00"}, {bib: 6, club: "B", finish: "10:50:00"},
				{bib: 7, club: "C", finish: "10:31:00"}, {bib: 8, club: "C", finish: "10:39:00"}, {bib: 9, club: "C", finish: "10:51:00"},
			},
			want: []string{"1. A 2:00:00 [1 2 3]", "1. B 2:00:00 [4 5 6]", "3. C 2:01:00 [7 8 9]"}},
		{name: "the sum shows tenths in a race timed to tenths",
			precision: model.PrecisionTenth,
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:40:03.41"}, {bib: 2, club: "A", finish: "10:41:00.2"}, {bib: 3, club: "A", finish: "10:42:00.25"},
			},
			want: []string{"1. A 2:03:04.0 [1 2 3]"}},
		{name: "by places: the overall places are added, runners in no team keep theirs",
			rules: model.TeamRules{Score: model.TeamScorePlaces},
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"},  // 1
				{bib: 2, finish: "10:31:00"},             // 2, no club
				{bib: 3, club: "B", finish: "10:32:00"},  // 3
				{bib: 4, club: "B", finish: "10:33:00"},  // 4
				{bib: 5, club: "A", finish: "10:34:00"},  // 5
				{bib: 6, club: "B", finish: "10:35:00"},  // 6 → B 13
				{bib: 7, club: "A", finish: "10:59:00"},  // 7 → A 13, its third teamRunner later
				{bib: 8, club: "C", finish: "10:59:30"},  // 8
				{bib: 9, club: "C", finish: "10:59:40"},  // 9
				{bib: 10, club: "C", finish: "10:59:50"}, // 10 → C 27
			},
			want: []string{"1. B 13 [3 4 6]", "2. A 13 [1 5 7]", "3. C 27 [8 9 10]"}},
		{name: "genders separate: a ranking per gender, men first; by places the places in the gender count",
			rules: model.TeamRules{Score: model.TeamScorePlaces, Gender: model.TeamGenderSeparate, Size: 2},
			runners: []teamRunner{
				{bib: 1, club: "A", gender: model.Female, finish: "10:30:00"}, // W1
				{bib: 2, club: "A", gender: model.Male, finish: "10:31:00"},   // M1
				{bib: 3, club: "A", gender: model.Female, finish: "10:32:00"}, // W2 → A(W) 3
				{bib: 4, club: "B", gender: model.Male, finish: "10:33:00"},   // M2
				{bib: 5, club: "B", gender: model.Male, finish: "10:34:00"},   // M3 → B(M) 5
				{bib: 6, club: "A", gender: model.Male, finish: "10:35:00"},   // M4 → A(M) 5, later
			},
			want: []string{"1. M B 5 [4 5]", "2. M A 5 [2 6]", "1. W A 3 [1 3]"}},
		{name: "a second team only where per_club allows it, from the next runners",
			rules: model.TeamRules{Size: 2, PerClub: 2},
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"}, {bib: 2, club: "A", finish: "10:31:00"},
				{bib: 3, club: "A", finish: "10:32:00"}, {bib: 4, club: "A", finish: "10:33:00"},
				{bib: 5, club: "A", finish: "10:34:00"}, // a third team is not allowed
				{bib: 6, club: "B", finish: "10:30:30"}, {bib: 7, club: "B", finish: "10:40:00"},
				{bib: 8, club: "B", finish: "10:45:00"}, // B II incomplete
			},
			want: []string{"1. A 1:01:00 [1 2]", "2. A II 1:05:00 [3 4]", "3. B 1:10:30 [6 7]", "- B II [8]"}},
		{name: "without per_club a club has one team, however many finish",
			rules: model.TeamRules{Size: 2},
			runners: []teamRunner{
				{bib: 1, club: "A", finish: "10:30:00"}, {bib: 2, club: "A", finish: "10:31:00"},
				{bib: 3, club: "A", finish: "10:32:00"}, {bib: 4, club: "A", finish: "10:33:00"},
			},
			want: []string{"1. A 1:01:00 [1 2]"}},
		{name: "a club is one team whatever the spelling, named as most of its runners spell it",
			runners: []teamRunner{
				{bib: 1, club: "lg wuerzburg", finish: "10:30:00"},
				{bib: 2, club: "LG Würzburg", finish: "10:31:00"},
				{bib: 3, club: "LG  Wurzburg ", finish: "10:32:00"},
				{bib: 4, club: "LG Würzburg", finish: "10:33:00"},
			},
			want: []string{"1. LG Würzburg 1:33:00 [1 2 3]"}},
		{name: "no club, and what people write for none, is no team",
			rules: model.TeamRules{Size: 2},
			runners: []teamRunner{
				{bib: 1, finish: "10:30:00"}, {bib: 2, club: " ", finish: "10:31:00"},
				{bib: 3, club: "vereinslos", finish: "10:32:00"}, {bib: 4, club: "Vereinslos", finish: "10:33:00"},
				{bib: 5, club: "-", finish: "10:34:00"}, {bib: 6, club: "ohne Verein", finish: "10:35:00"},
				{bib: 7, club: "Einzelstarter", finish: "10:36:00"}, {bib: 8, club: "einzelstarter", finish: "10:37:00"},
			},
			want: nil},
		{name: "a company run ranks by an extra field, not by club",
			rules: model.TeamRules{By: "team", Size: 2},
			runners: []teamRunner{
				{bib: 1, club: "LG Buchau", team: "Bäckerei Groß", finish: "10:30:00"},
				{bib: 2, club: "TSV Ost", team: "Baeckerei Gross", finish: "10:31:00"},
				{bib: 3, club: "LG Buchau", finish: "10:32:00"},
			},
			want: []string{"1. Bäckerei Groß 1:01:00 [1 2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := teamEvent(t, tt.precision)
			r := race(t, ev, "10k")
			rules := model.DefaultTeamRules()
			rules = overRules(rules, tt.rules)
			got := model.TeamRanking(r, rules, raceResults(t, ev, tt.runners))
			var lines []string
			for _, tm := range got.Teams {
				lines = append(lines, teamLine(tm, rules.Score))
			}
			if !slices.Equal(lines, tt.want) {
				t.Errorf("teams:\n  %s\nwant:\n  %s", strings.Join(lines, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// overRules sets the fields o has.
func overRules(r, o model.TeamRules) model.TeamRules {
	if o.Size != 0 {
		r.Size = o.Size
	}
	if o.Score != "" {
		r.Score = o.Score
	}
	if o.By != "" {
		r.By = o.By
	}
	if o.Gender != "" {
		r.Gender = o.Gender
	}
	if o.PerClub != 0 {
		r.PerClub = o.PerClub
	}
	return r
}

func TestTeamRulesFromTheEventFile(t *testing.T) {
	const file = `
name = "Firmenlauf"
date = "2026-06-12"
[results.teams]
size  = 4
score = "places"
[[races]]
id = "5k"
bibs = [{ from = 1, to = 99 }]
[races.teams]
by       = "team"
gender   = "separate"
per_club = 2
[[races]]
id = "10k"
bibs = [{ from = 100, to = 199 }]
teams = { size = 5 }
[[races]]
id = "kids"
bibs = [{ from = 200, to = 299 }]
[[extra_fields]]
key = "team"
label = "Firma"
`
	ev, err := model.ParseEvent(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		race string
		want model.TeamRules
	}{
		{"5k", model.TeamRules{Size: 4, Score: "places", By: "team", Gender: "separate", PerClub: 2}},
		{"10k", model.TeamRules{Size: 5, Score: "places", By: "club", Gender: "all", PerClub: 1}},
		{"kids", model.TeamRules{Size: 4, Score: "places", By: "club", Gender: "all", PerClub: 1}},
	}
	for _, tt := range tests {
		if got := ev.TeamRules(tt.race); got != tt.want {
			t.Errorf("TeamRules(%s) = %+v, want %+v", tt.race, got, tt.want)
		}
	}
	// A file without [results.teams] (every file before it) gets the DLV
	// default: three runners of a club, times added.
	old := exampleEvent(t)
	if got, want := old.TeamRules("10k"), (model.TeamRules{Size: 3, Score: "time", By: "club", Gender: "all", PerClub: 1}); got != want {
		t.Errorf("without [results.teams]: %+v, want %+v", got, want)
	}
}

func TestTeamRulesAreChecked(t *testing.T) {
	const minimal = `
name = "Testlauf"
date = "2026-12-06"
[[races]]
id = "10k"
bibs = [{ from = 1, to = 99 }]
[[extra_fields]]
key = "team"
`
	event := func(teams string) string { return minimal + "[results.teams]\n" + teams + "\n" }
	race := func(teams string) string {
		return strings.Replace(minimal, "bibs = [{ from = 1, to = 99 }]", "bibs = [{ from = 1, to = 99 }]\nteams = { "+teams+" }", 1)
	}
	tests := []struct {
		name    string
		file    string
		wantErr string // "" valid
	}{
		{"the whole section is valid", event(`size = 3` + "\n" + `score = "time"` + "\n" + `by = "club"` + "\n" + `gender = "all"` + "\n" + `per_club = 1`), ""},
		{"an extra field may name the teams", event(`by = "team"`), ""},
		{"a team of one is refused", event("size = 1"), "[results.teams] size 1: a team is 2 to 20 finishers"},
		{"a team of 21 is refused", event("size = 21"), "[results.teams] size 21"},
		{"an unknown scoring is refused", event(`score = "sum"`), `[results.teams] score "sum": expected "time"`},
		{"a by that is no extra field is refused, listing the fields", event(`by = "firma"`), `[results.teams] by "firma": expected "club" or the key of an extra field (declared: team)`},
		{"an unknown gender rule is refused", event(`gender = "mixed"`), `[results.teams] gender "mixed": expected "all"`},
		{"a negative per_club is refused", event("per_club = -1"), "[results.teams] per_club -1"},
		{"ten teams a club are refused", event("per_club = 10"), "[results.teams] per_club 10"},
		{"a misspelt key is refused", event("sise = 3"), "unknown keys: results.teams.sise"},
		{"a size that is not a number is refused", event(`size = "3"`), "event file:"},
		{"a race's own rules are checked, naming the race", race(`score = "points"`), `race 10k: teams.score "points"`},
		{"a race's own size is checked", race("size = 0, per_club = 12"), "race 10k: teams.per_club 12"},
		{"a misspelt key in a race's rules is refused", race("gendr = \"all\""), "unknown keys: races.teams.gendr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.ParseEvent(strings.NewReader(tt.file))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ParseEvent: %v", err)
			case tt.wantErr == "":
			case err == nil:
				t.Fatalf("ParseEvent accepted it, want an error mentioning %q", tt.wantErr)
			case !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "event file: "):
				t.Errorf("ParseEvent error %q, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

// TestTeamRankingMatchesAPlainReference ranks randomized races — clubs in
// several spellings, runners without a club, DNF and DSQ, equal times,
// all genders — and compares every team with referenceTeams, a
// deliberately simple implementation of the same rules.
func TestTeamRankingMatchesAPlainReference(t *testing.T) {
	seed := int64(20)
	if v := os.Getenv("RACEDESK_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("RACEDESK_SEED=%q: %v", v, err)
		}
		seed = n
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7465616d73))
	clubs := []string{"LG Buchau", "lg buchau", "LG  Buchau", "TSV Müller", "TSV Mueller", "tsv muller", "SC Ost", "Lauftreff Süd",
		"", "", "vereinslos", "ohne Verein"}
	genders := []model.Gender{model.Male, model.Female, model.Diverse}
	scores := []string{model.TeamScoreTime, model.TeamScorePlaces}
	sides := []string{model.TeamGenderAll, model.TeamGenderSeparate}
	for iter := range 400 {
		precision := []string{model.PrecisionSecond, model.PrecisionTenth}[rng.IntN(2)]
		ev := teamEvent(t, precision)
		ev.Races[0].Diverse = []string{"", "M", "W"}[rng.IntN(3)]
		rules := model.TeamRules{Size: 2 + rng.IntN(3), Score: scores[rng.IntN(2)], By: []string{"club", "team"}[rng.IntN(2)],
			Gender: sides[rng.IntN(2)], PerClub: 1 + rng.IntN(3)}
		n := rng.IntN(60)
		// Few distinct times, so that exact times, shown times and sums tie.
		base := 40 * time.Minute
		var rs []teamRunner
		for i := range n {
			r := teamRunner{bib: i + 1, club: clubs[rng.IntN(len(clubs))], gender: genders[rng.IntN(len(genders))], team: clubs[rng.IntN(len(clubs))]}
			switch k := rng.IntN(20); {
			case k == 0:
				r.finish = "dnf"
			case k == 1:
				r.finish = "dsq"
			case k == 2: // not finished yet
			default:
				d := base + time.Duration(rng.IntN(40))*700*time.Millisecond
				r.finish = model.FormatDuration(10*time.Hour+d, false) + fmt.Sprintf(".%03d", d.Milliseconds()%1000)
			}
			rs = append(rs, r)
		}
		results := raceResults(t, ev, rs)
		r := race(t, ev, "10k")
		got := model.TeamRanking(r, rules, results).Teams
		want := referenceTeams(r, rules, results)
		if g, w := describeTeams(got), describeTeams(want); g != w {
			t.Fatalf("seed %d, case %d, rules %+v, precision %s:\ngot:\n%s\nreference:\n%s\nrunners: %+v", seed, iter, rules, precision, g, w, rs)
		}
	}
}

func describeTeams(ts []model.Team) string {
	var b strings.Builder
	for _, tm := range ts {
		bibs := make([]int, len(tm.Members))
		for i, m := range tm.Members {
			bibs[i] = m.Bib
		}
		fmt.Fprintf(&b, "  %d %s#%d %q complete=%v %dms %q %dpts %v\n", tm.Place, tm.Gender, tm.Number, tm.Name, tm.Complete, tm.Time.Milliseconds(), tm.TimeText, tm.Points, bibs)
	}
	return b.String()
}

// referenceTeams is the team ranking done the plain way: no maps kept
// between steps, places by counting the better teams, rounding by
// integer arithmetic. It is slow and obvious on purpose.
func referenceTeams(race *model.Race, rules model.TeamRules, results []model.Result) []model.Team {
	unit := int64(1000)
	if race.TimingPrecision == model.PrecisionTenth {
		unit = 100
	}
	// The club of a teamRunner, compared folded; none for placeholders.
	key := func(r model.Result) string {
		s := r.Club
		if rules.By == "team" {
			s = r.Participant.Extra["team"]
		}
		k := model.Fold(s)
		if k == "" || k == model.Fold("vereinslos") || k == model.Fold("ohne Verein") {
			return ""
		}
		return k
	}
	spelling := func(r model.Result) string {
		if rules.By == "team" {
			return strings.TrimSpace(r.Participant.Extra["team"])
		}
		return strings.TrimSpace(r.Club)
	}
	before := func(a, b model.Result) bool { return a.Time < b.Time || a.Time == b.Time && a.Bib < b.Bib }
	var finishers []model.Result
	for _, r := range results {
		if r.Status == "" {
			finishers = append(finishers, r)
		}
	}
	// The name of a club: the spelling most of its finishers use; of
	// those, the one whose teamRunner finished first.
	name := func(k string) string {
		best, bestCount := "", 0
		var bestFirst model.Result
		for _, r := range finishers {
			if key(r) != k {
				continue
			}
			s, count := spelling(r), 0
			first := r
			for _, q := range finishers {
				if key(q) == k && spelling(q) == s {
					count++
					if before(q, first) {
						first = q
					}
				}
			}
			if count > bestCount || count == bestCount && before(first, bestFirst) {
				best, bestCount, bestFirst = s, count, first
			}
		}
		return best
	}
	groups := []model.Gender{""}
	if rules.Gender == model.TeamGenderSeparate {
		groups = []model.Gender{model.Male, model.Female, model.Diverse}
	}
	type sortable struct {
		team  model.Team
		first model.Result // the club's first finisher in the group
		last  time.Duration
	}
	var out []model.Team
	for _, g := range groups {
		var teams []sortable
		var keys []string
		for _, r := range finishers {
			if (g == "" || r.Gender == g) && key(r) != "" && !slices.Contains(keys, key(r)) {
				keys = append(keys, key(r))
			}
		}
		for _, k := range keys {
			var ms []model.Result
			for _, r := range finishers {
				if (g == "" || r.Gender == g) && key(r) == k {
					ms = append(ms, r)
				}
			}
			slices.SortFunc(ms, func(a, b model.Result) int {
				if before(a, b) {
					return -1
				}
				return 1
			})
			for n := 1; n <= rules.PerClub; n++ {
				from, to := (n-1)*rules.Size, min(n*rules.Size, len(ms))
				if from >= to {
					break
				}
				tm := model.Team{Name: name(k), Number: n, Gender: g, Complete: to-from == rules.Size}
				if n > 1 {
					tm.Name += " " + strings.Repeat("I", n)
				}
				for _, m := range ms[from:to] {
					tm.Members = append(tm.Members, model.TeamMember{Bib: m.Bib})
				}
				if tm.Complete {
					for _, m := range ms[from:to] {
						tm.Time += time.Duration((m.Time.Milliseconds()+unit-1)/unit*unit) * time.Millisecond
						if g == "" {
							tm.Points += m.Place
						} else {
							tm.Points += m.GenderPlace
						}
					}
					tm.TimeText = model.FormatDuration(tm.Time, unit == 100)
				}
				teams = append(teams, sortable{tm, ms[0], ms[to-1].Time})
			}
		}
		score := func(s sortable) int64 {
			if rules.Score == model.TeamScorePlaces {
				return int64(s.team.Points)
			}
			return s.team.Time.Milliseconds()
		}
		for i := range teams {
			if !teams[i].team.Complete {
				continue
			}
			teams[i].team.Place = 1
			for _, o := range teams {
				if o.team.Complete && (score(o) < score(teams[i]) || score(o) == score(teams[i]) && o.last < teams[i].last) {
					teams[i].team.Place++
				}
			}
		}
		// Ranked teams by place (a shared place: the club that finished
		// a teamRunner first, then its first team first), then the
		// incomplete ones: most finishers, then the club that finished a
		// teamRunner first.
		slices.SortStableFunc(teams, func(a, b sortable) int {
			if a.team.Complete != b.team.Complete {
				if a.team.Complete {
					return -1
				}
				return 1
			}
			if a.team.Complete {
				if c := cmp.Compare(a.team.Place, b.team.Place); c != 0 {
					return c
				}
			} else if c := cmp.Compare(len(b.team.Members), len(a.team.Members)); c != 0 {
				return c
			}
			if a.first.Bib != b.first.Bib {
				if before(a.first, b.first) {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.team.Number, b.team.Number)
		})
		for _, s := range teams {
			out = append(out, s.team)
		}
	}
	return out
}

func TestTeamJSONWritesMilliseconds(t *testing.T) {
	ev := teamEvent(t, "")
	res := raceResults(t, ev, []teamRunner{{bib: 1, club: "A", finish: "10:40:03.4"}, {bib: 2, club: "A", finish: "10:41:00"}})
	got := model.TeamRanking(race(t, ev, "10k"), model.TeamRules{Size: 2}, res)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"time_ms":4864000,"time":"1:21:04"`, `"time_ms":2403400,"time":"0:40:04"`, `"rules":{"size":2,"score":"time","by":"club","gender":"all","per_club":1}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

func TestTeamRulesText(t *testing.T) {
	ev := teamEvent(t, "")
	tests := []struct {
		name  string
		rules model.TeamRules
		lang  msg.Lang
		want  string
	}{
		{"the default in German", model.DefaultTeamRules(), msg.DE, "die 3 Besten je Verein · Zeitsumme · Frauen und Männer gemeinsam"},
		{"the default in English", model.DefaultTeamRules(), msg.EN, "best 3 per club · times added · men and women together"},
		{"a company run names the extra field by its label", model.TeamRules{Size: 4, Score: "places", By: "team", Gender: "separate", PerClub: 2}, msg.DE,
			"die 4 Besten je Firma · Platzziffern · Frauen und Männer getrennt · bis zu 2 Mannschaften je Firma"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rules.Text(tt.lang, ev); got != tt.want {
				t.Errorf("Text = %q, want %q", got, tt.want)
			}
		})
	}
}

// The commented [results.teams] of docs/examples/event.toml is a valid
// section, and says the defaults.
func TestTheExampleTeamSectionIsValid(t *testing.T) {
	b, err := os.ReadFile(exampleEventPath)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	on := false
	for _, line := range strings.Split(string(b), "\n") {
		if line == "# [results.teams]" {
			on = true
		}
		if on && strings.HasPrefix(line, "# ") && (strings.HasPrefix(line, "# [") || strings.Contains(line, " = ")) && !strings.Contains(line, "[[races]]") {
			line = strings.TrimPrefix(line, "# ")
		} else {
			on = on && strings.HasPrefix(line, "# ")
		}
		out = append(out, line)
	}
	text := strings.Join(out, "\n")
	if !strings.Contains(text, "\n[results.teams]\nsize     = 3") {
		t.Fatalf("no [results.teams] to uncomment in %s", exampleEventPath)
	}
	ev, err := model.ParseEvent(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the uncommented example: %v", err)
	}
	if ev.Results == nil || ev.Results.Teams == nil || *ev.Results.Teams != model.DefaultTeamRules() {
		t.Errorf("the example's [results.teams] = %+v, want the defaults %+v", ev.Results, model.DefaultTeamRules())
	}
}

// BenchmarkTeamRanking50k ranks the teams of a 10 km race with 50,000
// finishers of the demo's clubs — what the results screen's team view
// does after each finish while it is shown.
func BenchmarkTeamRanking50k(b *testing.B) {
	ev := exampleEvent(b)
	people, events := bigRace(b, ev, 50_000)
	results := model.ComputeResults(ev, people, events)["10k"].Results
	r := race(b, ev, "10k")
	b.ReportAllocs()
	for b.Loop() {
		if tr := model.TeamRanking(r, model.DefaultTeamRules(), results); len(tr.Teams) == 0 {
			b.Fatal("no teams")
		}
	}
}
