package config

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// databaseExamples is what a refusal of DATABASE_URL suggests instead.
const databaseExamples = "postgres://mos:mos@localhost:5432/mos or keywords like host=localhost dbname=mos"

var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// databaseURL accepts what the database pool accepts: a postgres:// URL or a libpq keyword/value
// string. Its value may hold a password, so refusals never repeat it.
func databaseURL(v value) (string, error) {
	if v.text == "" {
		return "", nil // required or not, depending on the subcommand: see require
	}
	if m := urlScheme.FindStringSubmatch(v.text); m != nil {
		if scheme := strings.ToLower(m[1]); scheme != "postgres" && scheme != "postgresql" {
			return "", v.badSecret("uses the scheme %s://: mos needs Postgres, e.g. %s", m[1], databaseExamples)
		}
	}
	if _, err := pgxpool.ParseConfig(v.text); err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return "", v.badSecret("names a file that cannot be read (%s %s: %v): fix the path or remove the setting",
				pathErr.Op, pathErr.Path, pathErr.Err)
		}
		return "", v.badSecret("is not a Postgres connection string (the value is not shown: it may hold a password): "+
			"write it like %s", databaseExamples)
	}
	return v.text, nil
}
