package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// mosBin is the mos binary built once for the package's tests: configuration comes from the
// process environment, so running the real binary with its own environment lets tests run in
// parallel.
var mosBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mos-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mosBin = filepath.Join(dir, "mos")
	if out, err := exec.Command("go", "build", "-o", mosBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build mos: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// cliResult is what one run of the binary did.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runMos runs the binary with DATABASE_URL set to dbURL ("" leaves it unset) and USER=tester.
func runMos(t *testing.T, dbURL string, args ...string) cliResult {
	t.Helper()
	var env []string
	if dbURL != "" {
		env = append(env, "DATABASE_URL="+dbURL)
	}
	return runMosEnv(t, env, args...)
}

// hostVariables are left out of the binary's environment, so tests do not depend on the host's.
var hostVariables = []string{"DATABASE_URL=", "USER=", "OPENAI_", "MOS_MODEL=", "SLACK_"}

// runMosEnv runs the binary with USER=tester and env added to the test process's environment,
// without the host's database and model settings.
func runMosEnv(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(mosBin, args...)
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(hostVariables, func(p string) bool { return strings.HasPrefix(kv, p) }) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "USER=tester"), env...)
	return runCmd(t, cmd, args)
}

// runCmd runs a prepared mos command and collects its output and exit status.
func runCmd(t *testing.T, cmd *exec.Cmd, args []string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cliResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run mos %v: %v", args, err)
	}
	return res
}
