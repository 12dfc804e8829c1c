package model_test

import (
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"hofmann", "hoffmann", 1},        // a letter missing
		{"schmitt", "schmidt", 1},         // a letter replaced
		{"zimmerman", "zimmermann", 1},    // the last letter missing
		{"mulelr", "muller", 1},           // neighbours swapped count once
		{"hofman", "hoffmann", 2},         // two letters missing
		{"meier", "mayer", 2},             // two replaced
		{"ab", "ba", 1},                   // a swap
		{"ca", "abc", 3},                  // OSA: no edit of a swapped pair
		{"łukasz", "lukasz", 1},           // letters, not bytes
		{"dvořak", "dvorak", 1},           // one letter of two bytes
		{"hans peter", "hanspeter", 1},    // the space is a letter
		{"schneider", "schnieder", 1},     // a swap inside
		{"kowalczyk", "kowalcyzk", 1},     // a swap at the end
		{"müller", "mueller", 2},          // unfolded: Fold makes them one
		{"abcdefgh", "hgfedcba", 7},       // far apart
		{"nguyen", "nguyễn", 1},           // unfolded accents count
		{"a", "b", 1},                     // one letter
		{"kim", "tim", 1},                 // short names one letter apart
		{"van den berg", "vandenberg", 2}, // two spaces
		{"von der heide", "heide", 8},     // a part is no typo
		{"wisniewski", "wisniewska", 1},   // a spouse's form of the name
		{"anna lena", "anna-lena", 1},     // unfolded: a hyphen is a letter
		{"ööö", "ooo", 3},                 // three letters of two bytes
		{"xabcdefghij", "abcdefghijx", 2}, // moved letter: delete and insert
		{"abcdefghijklmnop", "abcdefghijklmnop", 0},
	} {
		if got := model.EditDistance(tc.a, tc.b, -1); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := model.EditDistance(tc.b, tc.a, -1); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.want)
		}
		// With a limit: the distance when within, limit+1 when beyond.
		for limit := 0; limit <= 3; limit++ {
			want := min(tc.want, limit+1)
			if got := model.EditDistance(tc.a, tc.b, limit); got != want {
				t.Errorf("EditDistance(%q, %q, limit %d) = %d, want %d", tc.a, tc.b, limit, got, want)
			}
		}
	}
}

func TestMaxTyposGrowsWithTheName(t *testing.T) {
	for n, want := range map[int]int{0: 0, 2: 0, 3: 0, 4: 1, 7: 1, 8: 2, 20: 2} {
		if got := model.MaxTypos(n); got != want {
			t.Errorf("MaxTypos(%d) = %d, want %d", n, got, want)
		}
	}
}

// born parses a test date: "1985-03-12" or "1985".
func born(t *testing.T, s string) model.BirthDate {
	t.Helper()
	if s == "" {
		return model.BirthDate{}
	}
	b, err := model.ParseISOBirthDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLikelySame(t *testing.T) {
	type who struct{ first, last, born, gender string }
	for _, tc := range []struct {
		name    string
		entry   who
		reg     who
		same    bool
		nameHow model.NameMatch
		bornHow model.BornMatch
		text    string // the reason in English, when same
	}{
		{"the same person is the same", who{"Jürgen", "Krause", "1980-04-27", "M"}, who{"Jürgen", "Krause", "1980-04-27", "M"}, true, model.NameSame, model.BornSame, "same birth date, same name"},
		{"a dropped umlaut is the same name", who{"Jürgen", "Kruger", "1980-04-27", "M"}, who{"Jürgen", "Krüger", "1980-04-27", "M"}, true, model.NameSame, model.BornSame, ""},
		{"spelled-out umlauts and ss are the same name", who{"Joerg", "Strassburger", "1971-01-02", "M"}, who{"Jörg", "Straßburger", "1971-01-02", "M"}, true, model.NameSame, model.BornSame, ""},
		{"a missing double letter is a typo", who{"Anna", "Hofmann", "1990-05-06", "W"}, who{"Anna", "Hoffmann", "1990-05-06", "W"}, true, model.NameTypo, model.BornSame, "same birth date, last name a letter or two apart"},
		{"dt for tt is a typo", who{"Petra", "Schmitt", "1970-07-08", "W"}, who{"Petra", "Schmidt", "1970-07-08", "W"}, true, model.NameTypo, model.BornSame, ""},
		{"a missing last letter of a long name is a typo", who{"Uwe", "Zimmerman", "1960-01-30", "M"}, who{"Uwe", "Zimmermann", "1960-01-30", "M"}, true, model.NameTypo, model.BornSame, ""},
		{"two letters missing in a long name is a typo", who{"Uwe", "Zimerman", "1960-01-30", "M"}, who{"Uwe", "Zimmermann", "1960-01-30", "M"}, true, model.NameTypo, model.BornSame, ""},
		{"two letters off in a short name is not", who{"Uwe", "Meier", "1960-01-30", "M"}, who{"Uwe", "Mayer", "1960-01-30", "M"}, false, 0, 0, ""},
		{"Stefan for Stephan is two edits in a short name: missed, a spelling and no typo", who{"Stefan", "Koch", "1975-02-03", "M"}, who{"Stephan", "Koch", "1975-02-03", "M"}, false, 0, 0, ""},
		{"swapped neighbours in the first name", who{"Mreike", "Lange", "1985-09-10", "W"}, who{"Mareike", "Lange", "1985-09-10", "W"}, true, model.NameTypo, model.BornSame, "same birth date, first name a letter or two apart"},
		{"first and last name swapped", who{"Weber", "Claudia", "1966-11-12", "W"}, who{"Claudia", "Weber", "1966-11-12", "W"}, true, model.NameSwapped, model.BornSame, "same birth date, first and last name swapped"},
		{"the first word of a double last name", who{"Jan", "Mayer", "1980-03-04", "M"}, who{"Jan", "Mayer-Lüdenscheidt", "1980-03-04", "M"}, true, model.NamePart, model.BornSame, "same birth date, last name part of a double name"},
		{"the last word of a name with particles", who{"Lena", "Heide", "1999-12-01", "W"}, who{"Lena", "von der Heide", "1999-12-01", "W"}, true, model.NamePart, model.BornSame, ""},
		{"the double name typed where the register has a part", who{"Lena", "von der Heide", "1999-12-01", "W"}, who{"Lena", "Heide", "1999-12-01", "W"}, true, model.NamePart, model.BornSame, ""},
		{"a particle alone is no part", who{"Lena", "von", "1999-12-01", "W"}, who{"Lena", "von der Heide", "1999-12-01", "W"}, false, 0, 0, ""},
		{"the first of a double first name", who{"Hans", "Wolf", "1958-06-07", "M"}, who{"Hans-Peter", "Wolf", "1958-06-07", "M"}, true, model.NamePart, model.BornSame, "same birth date, first name part of a double name"},
		{"a double first name written together", who{"Hanspeter", "Wolf", "1958-06-07", "M"}, who{"Hans-Peter", "Wolf", "1958-06-07", "M"}, true, model.NameTypo, model.BornSame, ""},
		{"day and month swapped", who{"Jürgen", "Krause", "1980-04-07", "M"}, who{"Jürgen", "Krause", "1980-07-04", "M"}, true, model.NameSame, model.BornSwapped, "birth date with day and month swapped, same name"},
		{"only the year typed", who{"Jürgen", "Krause", "1980", "M"}, who{"Jürgen", "Krause", "1980-07-04", "M"}, true, model.NameSame, model.BornYear, ""},
		{"only the year registered", who{"Jürgen", "Krause", "1980-07-04", "M"}, who{"Jürgen", "Krause", "1980", "M"}, true, model.NameSame, model.BornYear, ""},
		{"a gender flipped is still the same", who{"Kim", "Roth", "1990-01-01", "W"}, who{"Kim", "Roth", "1990-01-01", "M"}, true, model.NameSame, model.BornSame, "same birth date, same name, gender differs"},
		{"twins with the same initial are two", who{"Lena", "Krause", "2010-05-05", "W"}, who{"Laura", "Krause", "2010-05-05", "W"}, false, 0, 0, ""},
		{"twin brother and sister are two", who{"Paul", "Krause", "2010-05-05", "M"}, who{"Paula", "Krause", "2010-05-05", "W"}, false, 0, 0, ""},
		{"Jan and Jana are two", who{"Jan", "Krause", "2010-05-05", "M"}, who{"Jana", "Krause", "2010-05-05", "W"}, false, 0, 0, ""},
		{"a sibling is another person", who{"Anna", "Krause", "2012-05-05", "W"}, who{"Emma", "Krause", "2010-08-01", "W"}, false, 0, 0, ""},
		{"a father and son of one name are two", who{"Thomas", "Krause", "1995-02-02", "M"}, who{"Thomas", "Krause", "1968-03-03", "M"}, false, 0, 0, ""},
		{"another date of the same year is another person", who{"Thomas", "Krause", "1968-02-02", "M"}, who{"Thomas", "Krause", "1968-03-04", "M"}, false, 0, 0, ""},
		{"a first name alone is not enough", who{"Thomas", "Becker", "1968-03-03", "M"}, who{"Thomas", "Krause", "1968-03-03", "M"}, false, 0, 0, ""},
		{"an unknown date leaves the names", who{"Thomas", "Krause", "", "M"}, who{"Thomas", "Krause", "1968-03-03", "M"}, true, model.NameSame, 0, "same name"},
		{"no first name is no match", who{"", "Krause", "1968-03-03", "M"}, who{"Thomas", "Krause", "1968-03-03", "M"}, false, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := model.Person{First: tc.entry.first, Last: tc.entry.last, Born: born(t, tc.entry.born), Gender: model.Gender(tc.entry.gender)}
			p := model.Participant{First: tc.reg.first, Last: tc.reg.last, Born: born(t, tc.reg.born), Gender: model.Gender(tc.reg.gender)}
			r, ok := model.LikelySame(a, &p)
			if ok != tc.same {
				t.Fatalf("LikelySame = %v (%+v), want %v", ok, r, tc.same)
			}
			if !ok {
				return
			}
			if r.Name != tc.nameHow || r.Born != tc.bornHow {
				t.Errorf("reason %+v, want name %d, born %d", r, tc.nameHow, tc.bornHow)
			}
			if tc.text != "" && r.Text(msg.EN) != tc.text {
				t.Errorf("Text = %q, want %q", r.Text(msg.EN), tc.text)
			}
			if r.Text(msg.DE) == "" {
				t.Errorf("no German text for %+v", r)
			}
			// The filter a store scans with must let every match through.
			f := model.NewNameFilter(a)
			if !f.MayMatch([]byte(model.Fold(p.Last + " " + p.First))) {
				t.Errorf("NameFilter rules out a match")
			}
		})
	}
}

func TestTheSameRegistrationIDIsCertain(t *testing.T) {
	a := model.Person{First: "X", Last: "Y", ExternalID: "wr26-1029"}
	p := model.Participant{First: "Jürgen", Last: "Krause", ExternalID: "WR26-1029"}
	r, ok := model.LikelySame(a, &p)
	if !ok || !r.SameID {
		t.Fatalf("LikelySame = %+v, %v", r, ok)
	}
	if got := r.Text(msg.EN); got != "same registration ID" {
		t.Errorf("Text = %q", got)
	}
}

// FuzzLikelySame: the matcher never panics, agrees with itself when the
// entry and the participant change places, and NameFilter never rules out
// a participant LikelySame takes.
func FuzzLikelySame(f *testing.F) {
	f.Add("Jürgen", "Krause", "Juergen", "Krause", 1980, 4, 27, 1980, 0, 0)
	f.Add("Anna", "Hofmann", "Anna", "Hoffmann", 1990, 5, 6, 1990, 6, 5)
	f.Add("Weber", "Claudia", "Claudia", "Weber", 1966, 11, 12, 1966, 11, 12)
	f.Add("Hans", "Heide", "Hans-Peter", "von der Heide", 1958, 6, 7, 1958, 6, 7)
	f.Add("Emre", "Krasue", "Emre", "Krause", 1984, 0, 0, 1984, 1, 27)
	f.Add("Hanspeter", "Mayer Lüdenscheidt", "Hans-Peter", "Mayer-Lüdenscheidt", 0, 0, 0, 1958, 6, 7)
	f.Add("Paul", "Roth", "Paula", "Roth", 2010, 5, 5, 2010, 5, 5)
	f.Fuzz(func(t *testing.T, af, al, pf, pl string, ay, am, ad, py, pm, pd int) {
		date := func(y, m, d int) model.BirthDate {
			if y <= 0 || y > 3000 {
				return model.BirthDate{}
			}
			if m <= 0 || m > 12 || d <= 0 || d > 31 {
				return model.BirthDate{Year: y}
			}
			return model.BirthDate{Year: y, Month: m, Day: d}
		}
		a := model.Person{First: af, Last: al, Born: date(ay, am, ad), Gender: model.Male}
		p := model.Participant{First: pf, Last: pl, Born: date(py, pm, pd), Gender: model.Female}
		r, ok := model.LikelySame(a, &p)
		back := model.Participant{First: af, Last: al, Born: a.Born, Gender: a.Gender}
		r2, ok2 := model.LikelySame(model.PersonOf(&p), &back)
		if ok != ok2 || r.Name != r2.Name || r.Born != r2.Born {
			t.Fatalf("not symmetric: %+v %v, swapped %+v %v", r, ok, r2, ok2)
		}
		_ = r.Text(msg.DE)
		if ok {
			fl := model.NewNameFilter(a)
			name := []byte(model.Fold(pl + " " + pf))
			if !fl.MayMatch(name) || !fl.MayMatchLetters(model.LetterMask(name)) {
				t.Fatalf("NameFilter rules out %q for %q %q (%+v)", name, af, al, r)
			}
		}
	})
}
