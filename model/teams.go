package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model/msg"
)

// Team ranking (Vereins-, Mannschafts- or Firmenwertung, issue 20): the
// best Size finishers of a club (or of a company team, an extra field)
// make its team, scored by the sum of their times or of their places.
//
// The rules, as DLV road races and the World Athletics cross-country
// rules have them:
//   - A team is exactly Size finishers; a club with fewer is listed as
//     incomplete, without a place. DNF, DSQ and DNS runners never count.
//   - "time": the members' times as shown in the results (each rounded up
//     to the race's unit, Race.ResultTime) are added — the sum a club
//     checks with a pencil on the printed list; lower wins.
//     "places": their places are added (overall places, or places in
//     their gender when genders are ranked separately), as they stand in
//     the results — runners who are in no team keep their places (World
//     Athletics: no adjustment for non-scoring runners); lower wins.
//   - A tie goes to the team whose last scoring runner finished first
//     (DLV: "bei Gleichstand entscheidet der dritte Läufer"; World
//     Athletics cross country: "the team whose last scoring member
//     finishes nearer to first place"). Teams tied on that too share the
//     place (1, 2, 2, 4).
//   - A club with 2·Size finishers forms a second team ("LG Buchau II")
//     only when per_club allows it; the first team takes the club's best
//     Size runners, the second the next Size.
//   - Clubs are one team whatever the spelling: names are compared after
//     Fold (case, spaces, punctuation, umlauts and their spelled-out
//     forms: "LG Würzburg", "lg wuerzburg" and "LG  Wurzburg" are one
//     club). A team is named as most of its runners spell it. "e.V." or a
//     year of founding still make a different name.
//   - No club, and what people write for none ("vereinslos", "-",
//     "ohne Verein", …), is no team.

// Team ranking settings (the event file's [results.teams]).
const (
	TeamScoreTime      = "time"     // the members' times added
	TeamScorePlaces    = "places"   // the members' places added
	TeamByClub         = "club"     // teams are clubs
	TeamGenderAll      = "all"      // one ranking, men and women together
	TeamGenderSeparate = "separate" // one ranking per gender
)

// Team sizes and teams per club the event file may ask for.
const (
	MinTeamSize    = 2
	MaxTeamSize    = 20
	MaxTeamsByClub = 9
)

// TeamRules say how a race's teams are ranked: [results.teams] of the
// event file for every race, a race's own teams = {…} for that race (a
// field left out there keeps the event's). Zero fields take the defaults
// (DefaultTeamRules).
type TeamRules struct {
	// Size is how many finishers make a team (DLV: 3).
	Size int `toml:"size" json:"size,omitempty"`
	// Score is TeamScoreTime or TeamScorePlaces.
	Score string `toml:"score" json:"score,omitempty"`
	// By is TeamByClub or the key of an extra field ("team" for a
	// company run).
	By string `toml:"by" json:"by,omitempty"`
	// Gender is TeamGenderAll or TeamGenderSeparate.
	Gender string `toml:"gender" json:"gender,omitempty"`
	// PerClub is how many teams one club may field (1: only its best).
	PerClub int `toml:"per_club" json:"per_club,omitempty"`
}

// DefaultTeamRules are the rules without an event file's word: three
// runners of a club, times added, men and women together, one team a
// club.
func DefaultTeamRules() TeamRules {
	return TeamRules{Size: 3, Score: TeamScoreTime, By: TeamByClub, Gender: TeamGenderAll, PerClub: 1}
}

// over is r with the fields o sets.
func (r TeamRules) over(o *TeamRules) TeamRules {
	if o == nil {
		return r
	}
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

// TeamRules are the rules of the race's team ranking: the defaults, then
// the event's [results.teams], then the race's own.
func (ev *Event) TeamRules(race string) TeamRules {
	r := DefaultTeamRules()
	if ev.Results != nil {
		r = r.over(ev.Results.Teams)
	}
	if rc, ok := ev.Race(race); ok {
		r = r.over(rc.Teams)
	}
	return r
}

// Text says the rules as a list's subtitle does: "die 3 Besten je
// Verein · Zeitsumme · Frauen und Männer gemeinsam". ev names an extra
// field by its label.
func (r TeamRules) Text(lang msg.Lang, ev *Event) string {
	by := msg.T(lang, msg.TeamsByClub)
	if r.By != "" && r.By != TeamByClub {
		by = r.By
		if f, ok := ev.Extra(r.By); ok {
			by = FieldLabel(lang, ExtraPrefix+r.By, map[msg.Lang]string{msg.DE: f.Label, msg.EN: f.LabelEN})
		}
	}
	parts := []string{msg.T(lang, msg.TeamsRuleBest, r.Size, by), msg.T(lang, msg.TeamsScoreTime)}
	if r.Score == TeamScorePlaces {
		parts[1] = msg.T(lang, msg.TeamsScorePlaces)
	}
	if r.Gender == TeamGenderSeparate {
		parts = append(parts, msg.T(lang, msg.TeamsGenderSeparate))
	} else {
		parts = append(parts, msg.T(lang, msg.TeamsGenderAll))
	}
	if r.PerClub > 1 {
		parts = append(parts, msg.T(lang, msg.TeamsPerClub, r.PerClub, by))
	}
	return strings.Join(parts, " · ")
}

// TeamGroupTitle heads a gender's teams: "Frauen".
func TeamGroupTitle(lang msg.Lang, g Gender) string {
	switch g {
	case Male:
		return msg.T(lang, msg.TeamsMen)
	case Female:
		return msg.T(lang, msg.TeamsWomen)
	case Diverse:
		return msg.T(lang, msg.TeamsDiverse)
	}
	return string(g)
}

// checkTeams reports the first mistake in a [results.teams] or a race's
// teams; where names it ("[results.teams]", "race 10k: teams.").
func checkTeams(ev *Event, where string, t *TeamRules) error {
	if t == nil {
		return nil
	}
	if t.Size != 0 && (t.Size < MinTeamSize || t.Size > MaxTeamSize) {
		return fmt.Errorf("event file: %ssize %d: a team is %d to %d finishers (DLV: 3)", where, t.Size, MinTeamSize, MaxTeamSize)
	}
	switch t.Score {
	case "", TeamScoreTime, TeamScorePlaces:
	default:
		return fmt.Errorf("event file: %sscore %q: expected %q (the members' times added) or %q (their places added)", where, t.Score, TeamScoreTime, TeamScorePlaces)
	}
	if t.By != "" && t.By != TeamByClub {
		if _, ok := ev.Extra(t.By); !ok {
			keys := make([]string, len(ev.ExtraFields))
			for i, f := range ev.ExtraFields {
				keys[i] = f.Key
			}
			declared := "none declared"
			if len(keys) > 0 {
				declared = "declared: " + strings.Join(keys, ", ")
			}
			return fmt.Errorf("event file: %sby %q: expected %q or the key of an extra field (%s)", where, t.By, TeamByClub, declared)
		}
	}
	switch t.Gender {
	case "", TeamGenderAll, TeamGenderSeparate:
	default:
		return fmt.Errorf("event file: %sgender %q: expected %q (one ranking) or %q (one per gender)", where, t.Gender, TeamGenderAll, TeamGenderSeparate)
	}
	if t.PerClub < 0 || t.PerClub > MaxTeamsByClub {
		return fmt.Errorf("event file: %sper_club %d: how many teams one club may field, 1 to %d", where, t.PerClub, MaxTeamsByClub)
	}
	return nil
}

// checkAllTeams checks the event's and every race's team rules.
func (ev *Event) checkAllTeams() error {
	if ev.Results != nil {
		if err := checkTeams(ev, "[results.teams] ", ev.Results.Teams); err != nil {
			return err
		}
	}
	for i := range ev.Races {
		if err := checkTeams(ev, "race "+ev.Races[i].ID+": teams.", ev.Races[i].Teams); err != nil {
			return err
		}
	}
	return nil
}

// TeamResults are a race's team ranking.
type TeamResults struct {
	Race  string    `json:"race"`
	Rules TeamRules `json:"rules"`
	// Teams: with genders separate, group by group (M, W, D); in a group
	// the complete teams by place, then the incomplete ones (most
	// finishers first).
	Teams []Team `json:"teams"`
}

// Team is one team of a race.
type Team struct {
	Place int `json:"place,omitempty"` // 0: not complete, no place
	// Name is the club as most of its finishers spell it, with "II",
	// "III" for a club's second and third team.
	Name     string `json:"name"`
	Number   int    `json:"number"`           // 1: the club's first team, 2: its second …
	Gender   Gender `json:"gender,omitempty"` // the group, when genders are ranked separately
	Complete bool   `json:"complete"`
	// Time is the sum of the members' times as shown (each rounded up to
	// the race's unit); TimeText shows it in the race's unit. Points is
	// the sum of the places that count. Both are zero for an incomplete
	// team.
	Time     time.Duration `json:"time_ms"`
	TimeText string        `json:"time"`
	Points   int           `json:"points"`
	Members  []TeamMember  `json:"members"` // in finishing order
	last     time.Duration // the last scoring member's exact time: breaks ties
}

// TeamMember is a runner who counts for a team.
type TeamMember struct {
	Bib         int           `json:"bib"`
	Name        string        `json:"name"`
	Club        string        `json:"club,omitempty"` // as the runner spelt it
	Gender      Gender        `json:"gender"`
	Place       int           `json:"place"`
	GenderPlace int           `json:"gender_place"`
	Time        time.Duration `json:"time_ms"` // exact
	TimeText    string        `json:"time"`    // as shown
	// Participant is the runner (nil for results read from JSON).
	Participant *Participant `json:"-"`
}

// MarshalJSON writes the time in milliseconds, as its name says.
func (t Team) MarshalJSON() ([]byte, error) {
	type plain Team
	p := plain(t)
	p.Time = time.Duration(t.Time.Milliseconds())
	if p.Members == nil {
		p.Members = []TeamMember{}
	}
	return json.Marshal(p)
}

// MarshalJSON writes the time in milliseconds, as its name says.
func (m TeamMember) MarshalJSON() ([]byte, error) {
	type plain TeamMember
	p := plain(m)
	p.Time = time.Duration(m.Time.Milliseconds())
	return json.Marshal(p)
}

// noTeam are what people enter for "no club": never a team.
var noTeam = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range []string{"", "-", "vereinslos", "ohne Verein", "kein Verein", "keiner", "keine", "ohne",
		"none", "no club", "n/a", "k.A.", "keine Angabe", "privat", "Einzelstarter", "Einzelstarterin", "Einzelläufer"} {
		m[Fold(s)] = true
	}
	return m
}()

// teamName is the club or extra field as the runner entered it.
func teamName(r *Result, by string) string {
	if by == "" || by == TeamByClub {
		return strings.TrimSpace(r.Club)
	}
	if r.Participant == nil {
		return ""
	}
	return strings.TrimSpace(r.Participant.Extra[by])
}

// TeamRanking ranks the teams of a race from its results (finishers by
// place, then DNF and DSQ, as ComputeResults makes them) by rules. It is
// a pure function: the same results give the same ranking.
func TeamRanking(race *Race, rules TeamRules, results []Result) TeamResults {
	rules = DefaultTeamRules().over(&rules)
	if rules.Size < 1 {
		rules.Size = DefaultTeamRules().Size
	}
	if rules.PerClub < 1 {
		rules.PerClub = 1
	}
	separate := rules.Gender == TeamGenderSeparate
	byPlaces := rules.Score == TeamScorePlaces
	out := TeamResults{Race: race.ID, Rules: rules, Teams: []Team{}}

	// Finishers in finishing order (exact time, then bib: the results'
	// own order, not trusted blindly).
	var done []*Result
	for i := range results {
		if r := &results[i]; r.Status == "" && r.Place > 0 {
			done = append(done, r)
		}
	}
	before := func(a, b *Result) int {
		if a.Time != b.Time {
			return cmp.Compare(a.Time, b.Time)
		}
		return cmp.Compare(a.Bib, b.Bib)
	}
	if !slices.IsSortedFunc(done, before) {
		slices.SortStableFunc(done, before)
	}

	// Each finisher's club, folded once per spelling: a big race has
	// tens of thousands of runners but a few hundred spellings. Clubs
	// and spellings are numbered, so that what follows needs no maps.
	type spelling struct {
		name  string
		club  int // -1: no team
		count int // finishers who spell it so
	}
	type entry struct {
		r        *Result
		spelling int
	}
	var spellings []spelling
	spellingOf := map[string]int{}
	clubOf := map[string]int{}
	entries := make([]entry, 0, len(done))
	for _, r := range done {
		name := teamName(r, rules.By)
		sp, ok := spellingOf[name]
		if !ok {
			club := -1
			if k := Fold(name); !noTeam[k] {
				if club, ok = clubOf[k]; !ok {
					club = len(clubOf)
					clubOf[k] = club
				}
			}
			sp = len(spellings)
			spellings = append(spellings, spelling{name: name, club: club})
			spellingOf[name] = sp
		}
		if spellings[sp].club >= 0 {
			spellings[sp].count++
			entries = append(entries, entry{r, sp})
		}
	}

	// Each club's name as most of its finishers spell it (ties: as the
	// first of them).
	named := make([]int, len(clubOf))
	for i := range named {
		named[i] = -1
	}
	for _, e := range entries {
		c := spellings[e.spelling].club
		if named[c] < 0 || spellings[e.spelling].count > spellings[named[c]].count {
			named[c] = e.spelling
		}
	}

	type group struct {
		gender  Gender
		members [][]*Result // by club: its finishers in order
		clubs   []int       // clubs, first finisher first
	}
	var groups []*group
	for _, e := range entries {
		g := Gender("")
		if separate {
			g = e.r.Gender
		}
		var grp *group
		for _, x := range groups {
			if x.gender == g {
				grp = x
			}
		}
		if grp == nil {
			grp = &group{gender: g, members: make([][]*Result, len(clubOf))}
			groups = append(groups, grp)
		}
		c := spellings[e.spelling].club
		if grp.members[c] == nil {
			grp.clubs = append(grp.clubs, c)
		}
		grp.members[c] = append(grp.members[c], e.r)
	}
	slices.SortFunc(groups, func(a, b *group) int { return cmp.Compare(genderOrder(a.gender), genderOrder(b.gender)) })

	for _, grp := range groups {
		var complete, incomplete []Team
		for _, c := range grp.clubs {
			ms := grp.members[c]
			for n := 1; n <= rules.PerClub && len(ms) > 0; n++ {
				take := ms[:min(rules.Size, len(ms))]
				ms = ms[len(take):]
				t := Team{Name: teamTitle(spellings[named[c]].name, n), Number: n, Gender: grp.gender, Complete: len(take) == rules.Size}
				for _, r := range take {
					t.Members = append(t.Members, TeamMember{Bib: r.Bib, Name: r.Name, Club: r.Club, Gender: r.Gender,
						Place: r.Place, GenderPlace: r.GenderPlace, Time: r.Time, TimeText: r.TimeText, Participant: r.Participant})
				}
				if !t.Complete {
					incomplete = append(incomplete, t)
					continue
				}
				for _, r := range take {
					t.Time += race.ResultTime(r.Time)
					if separate {
						t.Points += r.GenderPlace
					} else {
						t.Points += r.Place
					}
				}
				t.TimeText = FormatDuration(t.Time, race.TimeUnit() < time.Second)
				t.last = take[len(take)-1].Time
				complete = append(complete, t)
			}
		}
		better := func(a, b *Team) int {
			if byPlaces && a.Points != b.Points {
				return cmp.Compare(a.Points, b.Points)
			}
			if !byPlaces && a.Time != b.Time {
				return cmp.Compare(a.Time, b.Time)
			}
			return cmp.Compare(a.last, b.last)
		}
		slices.SortStableFunc(complete, func(a, b Team) int { return better(&a, &b) })
		for i := range complete {
			if i > 0 && better(&complete[i-1], &complete[i]) == 0 {
				complete[i].Place = complete[i-1].Place
			} else {
				complete[i].Place = i + 1
			}
		}
		// Incomplete: the nearest to complete first, then by their best
		// runner (the order of first finishers is kept by the stable sort).
		slices.SortStableFunc(incomplete, func(a, b Team) int { return cmp.Compare(len(b.Members), len(a.Members)) })
		out.Teams = append(out.Teams, complete...)
		out.Teams = append(out.Teams, incomplete...)
	}
	return out
}

// teamTitle is a club's n-th team: "LG Buchau", "LG Buchau II".
func teamTitle(name string, n int) string {
	if n <= 1 {
		return name
	}
	roman := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	if n < len(roman) {
		return name + " " + roman[n]
	}
	return fmt.Sprintf("%s %d", name, n)
}

// genderOrder puts the groups as lists have them: M, W, D, others.
func genderOrder(g Gender) int {
	switch g {
	case Male:
		return 0
	case Female:
		return 1
	case Diverse:
		return 2
	}
	return 3
}
