package printer

import (
	"context"
	"strings"
	"unicode"
)

type titleKey struct{}

// WithJobTitle names the job sent with ctx: the Windows print queue and
// CUPS (lpstat -o) show it.
func WithJobTitle(ctx context.Context, title string) context.Context {
	return context.WithValue(ctx, titleKey{}, title)
}

// JobTitle is the name of the job sent with ctx: its title made safe for
// a print queue's list, or "racedesk".
func JobTitle(ctx context.Context) string {
	t, _ := ctx.Value(titleKey{}).(string)
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }), " ")
	if r := []rune(t); len(r) > 120 {
		t = strings.TrimSpace(string(r[:120]))
	}
	if t == "" {
		return "racedesk"
	}
	return t
}
