package model

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Event is everything the event file declares. It is stored in the event
// database at `event init` so the desk never depends on the file again.
type Event struct {
	// ID names the event in sync (optional): desks and the cloud must hold
	// the same event. Without it the identity is made from name and date.
	ID          string       `toml:"id" json:"id,omitempty"`
	Name        string       `toml:"name" json:"name"`
	Date        string       `toml:"date" json:"date"` // YYYY-MM-DD
	Location    string       `toml:"location" json:"location,omitempty"`
	Lang        string       `toml:"lang" json:"lang,omitempty"`
	Currency    string       `toml:"currency" json:"currency,omitempty"`
	Races       []Race       `toml:"races" json:"races"`
	ExtraFields []ExtraField `toml:"extra_fields" json:"extra_fields,omitempty"`
	Printers    []Printer    `toml:"printers" json:"printers,omitempty"`
	Backup      BackupConfig `toml:"backup" json:"backup,omitempty"`
	// Hotspot tunes the phones' form (nil: the defaults).
	Hotspot *HotspotConfig `toml:"hotspot" json:"hotspot,omitempty"`
	// Results tunes what is shown and handed out beyond the lists (nil:
	// the defaults).
	Results *ResultsConfig `toml:"results" json:"results,omitempty"`
}

// ResultsConfig is the event file's [results].
type ResultsConfig struct {
	// URL is where phones on the venue network reach the live results
	// (the hotspot's or the hub's address, e.g. "http://192.168.1.10:8080"):
	// the QR codes on labels and finish slips lead there. Empty: the
	// address the desk's hotspot serves on, if any.
	URL string `toml:"url" json:"url,omitempty"`
	// Teams are the team ranking's rules for every race (nil: the
	// defaults, DefaultTeamRules); a race's own teams override them.
	Teams *TeamRules `toml:"teams" json:"teams,omitempty"`
}

// Race is one competition of the event.
type Race struct {
	ID           string     `toml:"id" json:"id"`
	Name         string     `toml:"name" json:"name"`
	Aliases      []string   `toml:"aliases" json:"aliases,omitempty"`
	DistanceM    int        `toml:"distance_m" json:"distance_m"`
	Start        string     `toml:"start" json:"start"` // planned start, HH:MM
	Bibs         []BibRange `toml:"bibs" json:"bibs"`
	Pools        []BibPool  `toml:"pools" json:"pools,omitempty"`
	FeeCents     int        `toml:"fee_cents" json:"fee_cents"`
	LateFeeCents int        `toml:"late_fee_cents" json:"late_fee_cents"`
	MinAge       int        `toml:"min_age" json:"min_age,omitempty"` // class age (event year − birth year); 0 = none
	MaxAge       int        `toml:"max_age" json:"max_age,omitempty"`
	// AgeClasses is "dlv" (default), "none", or a custom scheme given in
	// AgeBands.
	AgeClasses string    `toml:"age_classes" json:"age_classes,omitempty"`
	AgeBands   []AgeBand `toml:"age_bands" json:"age_bands,omitempty"`
	// TimingPrecision is the unit the race's result times are shown in:
	// PrecisionSecond (the default when it is empty) or PrecisionTenth.
	// Times are always rounded up to the next longer unit, as the rules
	// say (see Race.ResultTime); places follow the exact times.
	TimingPrecision string `toml:"timing_precision" json:"timing_precision,omitempty"`
	// Tenths is the older spelling of timing_precision = "tenth"; event
	// files and stored events that have it load as before.
	Tenths bool `toml:"tenths" json:"tenths,omitempty"`
	// Diverse says how runners of gender D are ranked: "own" (a ranking
	// and classes of their own, the default), or "M" / "W" (with them).
	Diverse string `toml:"diverse" json:"diverse,omitempty"`
	// Teams overrides [results.teams] for this race (see TeamRules).
	Teams *TeamRules `toml:"teams" json:"teams,omitempty"`
}

// Timing precisions of a race (timing_precision in the event file).
const (
	// PrecisionSecond shows whole seconds (h:mm:ss), rounded up: the rule
	// for races held partly or entirely outside the stadium — road,
	// cross-country and fun runs. The default.
	PrecisionSecond = "second"
	// PrecisionTenth shows tenths of a second (h:mm:ss.t), rounded up:
	// the rule for hand-timed races on the track.
	PrecisionTenth = "tenth"
)

// TimeUnit is the unit the race's result times are shown in: a tenth of
// a second for timing_precision = "tenth" (or the older tenths = true),
// else a second. A value this version does not know (a stored event from
// a newer one) falls back to the default, whole seconds.
func (r *Race) TimeUnit() time.Duration {
	if r.TimingPrecision == PrecisionTenth || r.TimingPrecision == "" && r.Tenths {
		return 100 * time.Millisecond
	}
	return time.Second
}

// BibRange is an inclusive range of bib numbers.
type BibRange struct {
	From int `toml:"from" json:"from"`
	To   int `toml:"to" json:"to"`
}

// Contains reports whether bib lies in the range.
func (r BibRange) Contains(bib int) bool { return bib >= r.From && bib <= r.To }

// BibPool is the part of a race's bibs that one desk hands out, so two
// desks with two stacks of bibs never give out the same number.
type BibPool struct {
	Desk string `toml:"desk" json:"desk"`
	From int    `toml:"from" json:"from"`
	To   int    `toml:"to" json:"to"`
}

// ExtraField is a participant field the event adds (T-shirt size,
// emergency phone, helper shift...).
type ExtraField struct {
	Key      string   `toml:"key" json:"key"`
	Label    string   `toml:"label" json:"label"`
	LabelEN  string   `toml:"label_en" json:"label_en,omitempty"`
	Required bool     `toml:"required" json:"required,omitempty"`
	Choices  []string `toml:"choices" json:"choices,omitempty"`
	MaxLen   int      `toml:"max_len" json:"max_len,omitempty"`
}

// Printer is a receipt printer the event uses (the printer issue fills in
// what the fields mean).
type Printer struct {
	Name     string `toml:"name" json:"name"`
	Target   string `toml:"target" json:"target"`         // file path, /dev/usb/lp0, tcp://host:9100, "-"
	Width    int    `toml:"width" json:"width,omitempty"` // columns, 32/42/48
	CodePage string `toml:"code_page" json:"code_page,omitempty"`
	Cutter   string `toml:"cutter" json:"cutter,omitempty"` // full, partial, none
	// FinishSlips is "auto" for the printer that prints a finish slip for
	// every finish this desk records; "" or "off": only on demand.
	FinishSlips string `toml:"finish_slips" json:"finish_slips,omitempty"`
}

// BackupConfig makes the desk write rotating backups.
type BackupConfig struct {
	Dir          string `toml:"dir" json:"dir,omitempty"`
	EveryMinutes int    `toml:"every_minutes" json:"every_minutes,omitempty"`
	Keep         int    `toml:"keep" json:"keep,omitempty"`
}

// HotspotConfig is the phone form's global limit (issue 17): how many
// registrations all phones together may make a minute, and how many may
// wait to be confirmed. 0 or missing: the defaults (30 and 300).
type HotspotConfig struct {
	PerMinute  int `toml:"per_minute" json:"per_minute,omitempty"`
	MaxPending int `toml:"max_pending" json:"max_pending,omitempty"`
}

// ParseEvent reads an event file (TOML) and checks it.
func ParseEvent(r io.Reader) (*Event, error) {
	var ev Event
	md, err := toml.NewDecoder(r).Decode(&ev)
	if err != nil {
		return nil, fmt.Errorf("event file: %w", err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		keys := make([]string, len(undec))
		for i, k := range undec {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("event file: unknown keys: %s", strings.Join(keys, ", "))
	}
	if err := ev.Check(); err != nil {
		return nil, err
	}
	return &ev, nil
}

// Identity is what sync compares to tell one event from another: the
// event file's id, or the folded name and the date
// ("buchauer-nikolaus-waldlauf-2026@2026-12-06"). Two databases made from
// the same event file share it; a file of another event or year does not.
func (ev *Event) Identity() string {
	if id := strings.TrimSpace(ev.ID); id != "" {
		return id
	}
	return strings.ReplaceAll(SortKey(ev.Name), " ", "-") + "@" + ev.Date
}

// Describe names the event for a person: "Waldlauf 2026 (2026-12-06)".
func (ev *Event) Describe() string { return fmt.Sprintf("%s (%s)", ev.Name, ev.Date) }

// Day is the event date.
func (ev *Event) Day() time.Time {
	d, _ := time.ParseInLocation("2006-01-02", ev.Date, time.Local)
	return d
}

// Year is the event year, which decides age classes.
func (ev *Event) Year() int { return ev.Day().Year() }

// Race finds a race by ID.
func (ev *Event) Race(id string) (*Race, bool) {
	for i := range ev.Races {
		if ev.Races[i].ID == id {
			return &ev.Races[i], true
		}
	}
	return nil, false
}

// MatchRace finds the race a person or a registration platform means by
// ID, name, alias or distance (see FindRace). A text that could mean two
// races matches none; RaceFor says which races it could mean.
func (ev *Event) MatchRace(s string) (*Race, bool) {
	r, _ := ev.FindRace(s)
	return r, r != nil
}

// RaceIDs lists the race IDs in file order.
func (ev *Event) RaceIDs() []string {
	ids := make([]string, len(ev.Races))
	for i, r := range ev.Races {
		ids[i] = r.ID
	}
	return ids
}

// Extra finds an extra field by key.
func (ev *Event) Extra(key string) (*ExtraField, bool) {
	for i := range ev.ExtraFields {
		if ev.ExtraFields[i].Key == key {
			return &ev.ExtraFields[i], true
		}
	}
	return nil, false
}

// Check reports the first mistake in the event file.
func (ev *Event) Check() error {
	if strings.TrimSpace(ev.Name) == "" {
		return fmt.Errorf("event file: name is missing")
	}
	if ev.ID != "" && (len(ev.ID) > 100 || strings.IndexFunc(ev.ID, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0) {
		return fmt.Errorf("event file: id %q: up to 100 characters without spaces or control characters", ev.ID)
	}
	if _, err := time.Parse("2006-01-02", ev.Date); err != nil {
		return fmt.Errorf("event file: date %q: expected YYYY-MM-DD", ev.Date)
	}
	if ev.Lang != "" && ev.Lang != "de" && ev.Lang != "en" {
		return fmt.Errorf("event file: lang %q: expected de or en", ev.Lang)
	}
	if len(ev.Races) == 0 {
		return fmt.Errorf("event file: no races")
	}
	ids := map[string]bool{}
	for i := range ev.Races {
		if err := checkRace(&ev.Races[i]); err != nil {
			return err
		}
		if ids[ev.Races[i].ID] {
			return fmt.Errorf("event file: race %q declared twice", ev.Races[i].ID)
		}
		ids[ev.Races[i].ID] = true
	}
	if err := checkBibOverlap(ev.Races); err != nil {
		return err
	}
	keys := map[string]bool{}
	for _, f := range ev.ExtraFields {
		if f.Key == "" || strings.ContainsAny(f.Key, " .=\t") {
			return fmt.Errorf("event file: extra field key %q: use letters, digits, - or _", f.Key)
		}
		if keys[f.Key] {
			return fmt.Errorf("event file: extra field %q declared twice", f.Key)
		}
		keys[f.Key] = true
	}
	if err := checkPrinters(ev.Printers); err != nil {
		return err
	}
	if h := ev.Hotspot; h != nil && (h.PerMinute < 0 || h.MaxPending < 0) {
		return fmt.Errorf("event file: [hotspot] per_minute and max_pending: a number of registrations, 0 for the default")
	}
	return ev.checkAllTeams()
}

func checkRace(r *Race) error {
	if r.ID == "" || strings.ContainsAny(r.ID, " \t/\x00") {
		return fmt.Errorf("event file: race id %q: use a short id without spaces (10k, 5k, bambini)", r.ID)
	}
	if r.Name == "" {
		r.Name = r.ID
	}
	if r.Start != "" {
		if _, err := time.Parse("15:04", r.Start); err != nil {
			return fmt.Errorf("event file: race %s: start %q: expected HH:MM", r.ID, r.Start)
		}
	}
	if len(r.Bibs) == 0 {
		return fmt.Errorf("event file: race %s: no bib range", r.ID)
	}
	for _, b := range r.Bibs {
		if b.From < 1 || b.To < b.From {
			return fmt.Errorf("event file: race %s: bib range %d-%d is empty or below 1", r.ID, b.From, b.To)
		}
	}
	for _, p := range r.Pools {
		if p.Desk == "" {
			return fmt.Errorf("event file: race %s: bib pool without desk", r.ID)
		}
		if p.To < p.From || !r.coversBibs(p.From, p.To) {
			return fmt.Errorf("event file: race %s: pool of %s (%d-%d) is outside the race's bib ranges", r.ID, p.Desk, p.From, p.To)
		}
	}
	// Pools exist so that two desks never hand out the same bib.
	for i, a := range r.Pools {
		for _, b := range r.Pools[i+1:] {
			if !strings.EqualFold(a.Desk, b.Desk) && a.From <= b.To && b.From <= a.To {
				return fmt.Errorf("event file: race %s: pools of %s and %s overlap", r.ID, a.Desk, b.Desk)
			}
		}
	}
	if r.MinAge < 0 || r.MaxAge < 0 || (r.MaxAge > 0 && r.MaxAge < r.MinAge) {
		return fmt.Errorf("event file: race %s: age limits %d-%d make no sense", r.ID, r.MinAge, r.MaxAge)
	}
	if _, err := r.Scheme(); err != nil {
		return fmt.Errorf("event file: race %s: %w", r.ID, err)
	}
	switch r.Diverse {
	case "", "own", "M", "W":
	default:
		return fmt.Errorf("event file: race %s: diverse %q: expected own, M or W", r.ID, r.Diverse)
	}
	switch r.TimingPrecision {
	case "", PrecisionTenth:
	case PrecisionSecond:
		if r.Tenths {
			return fmt.Errorf("event file: race %s: tenths = true and timing_precision = %q contradict each other: keep timing_precision only", r.ID, r.TimingPrecision)
		}
	default:
		return fmt.Errorf("event file: race %s: timing_precision %q: expected %q (whole seconds, the default) or %q (tenths)", r.ID, r.TimingPrecision, PrecisionSecond, PrecisionTenth)
	}
	return nil
}

func checkBibOverlap(races []Race) error {
	for i := range races {
		for j := i + 1; j < len(races); j++ {
			for _, a := range races[i].Bibs {
				for _, b := range races[j].Bibs {
					if a.From <= b.To && b.From <= a.To {
						return fmt.Errorf("event file: bib ranges of %s and %s overlap", races[i].ID, races[j].ID)
					}
				}
			}
		}
	}
	return nil
}

// coversBibs reports whether every bib from..to is one of the race's bibs
// (both ends inside is not enough: a pool may span a gap between ranges).
func (r *Race) coversBibs(from, to int) bool {
	for next := from; next <= to; {
		found := false
		for _, b := range r.Bibs {
			if b.Contains(next) {
				next, found = b.To+1, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// BibInRange reports whether bib is one of the race's bibs.
func (r *Race) BibInRange(bib int) bool {
	for _, b := range r.Bibs {
		if b.Contains(bib) {
			return true
		}
	}
	return false
}

// PoolFor returns the bib ranges a desk hands out for this race: its own
// pool when the event declares pools, else all of the race's bibs.
func (r *Race) PoolFor(desk string) ([]BibRange, bool) {
	if len(r.Pools) == 0 {
		return r.Bibs, true
	}
	var out []BibRange
	for _, p := range r.Pools {
		if strings.EqualFold(p.Desk, desk) {
			out = append(out, BibRange{From: p.From, To: p.To})
		}
	}
	return out, len(out) > 0
}

// StartTime is the planned start on the event day.
func (ev *Event) StartTime(r *Race) (time.Time, bool) {
	if r.Start == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", ev.Date+" "+r.Start, time.Local)
	return t, err == nil
}
