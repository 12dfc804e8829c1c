package main

import (
	"errors"
	"regexp"
	"strings"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
	"github.com/racedesk/racedesk/model/store"
)

// Usage errors speak the event's language too: a volunteer at a German
// event who mistypes a flag reads German. cobra and pflag report in
// English, in a few fixed shapes; usageText recognises them and says the
// same in the chosen language. What it does not recognise stays as it is.

// usage is a usage error with a catalog message.
func usage(key msg.Key, args ...any) error { return usageError{model.NewProblem(key, args...)} }

var usagePatterns = []struct {
	re  *regexp.Regexp
	key msg.Key
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), msg.UsageUnknownFlag},
	{regexp.MustCompile(`^unknown shorthand flag: '.' in (\S+)$`), msg.UsageUnknownFlag},
	{regexp.MustCompile(`^flag needs an argument: '(.)' in -.*$`), msg.UsageNeedsValue},
	{regexp.MustCompile(`^flag needs an argument: (\S+)$`), msg.UsageNeedsValue},
	{regexp.MustCompile(`^invalid argument ("(?:[^"\\]|\\.)*") for "(?:-., )?(\S+)" flag: .*$`), msg.UsageBadValue},
	{regexp.MustCompile(`^required flag\(s\) (.*) not set$`), msg.UsageRequired},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), msg.UsageArgCount},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), msg.UsageArgCount},
}

// usageText is err, a usage error, in lang.
func usageText(lang msg.Lang, err error) string {
	var p *model.Problem
	if errors.As(err, &p) {
		return p.Localize(lang)
	}
	s := err.Error()
	for _, u := range usagePatterns {
		m := u.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := make([]any, 0, len(m)-1)
		for i, a := range m[1:] {
			switch {
			case u.key == msg.UsageNeedsValue && len(a) == 1:
				a = "-" + a
			case u.key == msg.UsageBadValue && i == 0:
				a = strings.Trim(a, `"`)
			}
			args = append(args, a)
		}
		return msg.T(lang, u.key, args...)
	}
	return s
}

// usageLang is the language of a usage error: --lang if it was read,
// else the event's (read without waiting for a desk), else $LANG.
func usageLang(g *globals) msg.Lang {
	if g.lang != "" || g.shared != nil {
		if g.shared != nil {
			return g.language(g.shared.Event().Lang)
		}
		return g.language("")
	}
	return g.language(store.PeekLang(g.dbPath()))
}
