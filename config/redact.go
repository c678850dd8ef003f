package config

import "net/url"

// RedactDatabaseURL returns a connection string with its password replaced, for messages and
// logs; a keyword/value string is not repeated at all.
func RedactDatabaseURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return "(connection string)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
