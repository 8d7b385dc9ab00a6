package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"siap/internal/server"
	"siap/internal/sshserve"
	"siap/store"
)

// serveUserCmd is `siap serve user`: who may connect to the server over
// SSH, by their public keys, and what they see.
func (c *cli) serveUserCmd(f *serveFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "add, list and remove the supervisors and headquarters who connect over SSH",
		Long: "Supervisors and headquarters work on the server's data in siap's own screens over SSH\n" +
			"(ssh -p 2222 SERVER). Their SSH public keys are who they are: there is no password.\n" +
			"A supervisor sees and decides on their team's interviews only; hq sees every interview.",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	cmd.AddCommand(c.serveUserAddCmd(f), c.serveUserListCmd(f), c.serveUserRemoveCmd(f))
	return cmd
}

// openUsers opens the study's storage for its users. A data file is
// held by the siap serve running on it; PostgreSQL is shared, and a user
// added counts at once in every server process.
func (c *cli) openUsers(ctx context.Context, f *serveFlags) (store.Interviews, error) {
	st, _, err := c.openStudy(ctx, f, false)
	if errors.Is(err, store.ErrInUse) {
		return nil, failf(textServeUserInUse, f.db)
	}
	return st, err
}

func (c *cli) serveUserAddCmd(f *serveFlags) *cobra.Command {
	var role, team, key, language string
	cmd := &cobra.Command{
		Use:   "add NAME --role supervisor --team INTERVIEWER,... --key \"ssh-ed25519 AAAA...\"",
		Short: "let someone connect with their SSH key, as a team's supervisor or as headquarters",
		Long: "Let someone connect with their SSH key. --role supervisor sees the interviews of the\n" +
			"interviewers --team names (as their interviews carry their names); --role hq sees all.\n" +
			"NAME is recorded with every decision they make. Adding a name already known changes its\n" +
			"role and team, and adds the key given (a second laptop).",
		Args:              oneName(textServeUserName),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.serveUserAdd(cmd.Context(), f, args[0], role, team, key, language, cmd.Flags().Changed("key"))
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "supervisor (their team's interviews) or hq (every interview)")
	cmd.Flags().StringVar(&team, "team", "", "a supervisor's interviewers, separated by commas")
	cmd.Flags().StringVar(&key, "key", "", "their SSH public key, as in ~/.ssh/id_ed25519.pub")
	cmd.Flags().StringVar(&language, "lang", "", "the language of their screens: id or en (default: their ssh client's LANG)")
	completeValues(cmd, "role", string(sshserve.Supervisor), string(sshserve.Headquarters))
	completeValues(cmd, "lang", "id", "en")
	return cmd
}

func (c *cli) serveUserAdd(ctx context.Context, f *serveFlags, name, role, team, key, language string, keyGiven bool) error {
	name = strings.TrimSpace(name)
	u := sshserve.User{Name: name, Role: sshserve.Role(role), Language: language}
	if !slices.Contains(sshserve.Roles, u.Role) {
		return usagef(textServeUserRole, role)
	}
	for _, member := range strings.Split(team, ",") {
		if member = strings.TrimSpace(member); member != "" && !slices.Contains(u.Team, member) {
			u.Team = append(u.Team, member)
		}
	}
	switch {
	case u.Role == sshserve.Supervisor && len(u.Team) == 0:
		return usagef(textServeUserTeam)
	case u.Role == sshserve.Headquarters && len(u.Team) > 0:
		return usagef(textServeUserHQTeam)
	case language != "" && language != "id" && language != "en":
		return usagef(textServeUserLang, language)
	}
	if keyGiven {
		k, err := sshserve.ParseKey(key)
		if err != nil {
			return usagef(textServeUserKey, key, err)
		}
		u.Keys = []string{k}
	}
	st, err := c.openUsers(ctx, f)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := sshserve.Users(st)
	if err != nil {
		return err
	}
	if !keyGiven && !slices.ContainsFunc(users, func(x sshserve.User) bool { return x.Name == name }) {
		return usagef(textServeUserNoKey, name)
	}
	var taken *sshserve.KeyTakenError
	switch err := sshserve.AddUser(st, u); {
	case errors.As(err, &taken):
		return failf(textServeUserTaken, taken.Other)
	case err != nil:
		return err
	}
	if u.Role == sshserve.Headquarters {
		fmt.Fprintln(c.stdout, textServeUserAddedHQ.in(c.lang, name))
		return nil
	}
	fmt.Fprintln(c.stdout, textServeUserAdded.in(c.lang, name, strings.Join(u.Team, ", ")))
	// A team is matched by name, exactly: a name no enrolment code was
	// made for would show the supervisor nothing, without a word.
	known, err := server.Interviewers(st)
	if err != nil || len(known) == 0 {
		return err
	}
	for _, member := range u.Team {
		if !slices.Contains(known, member) {
			fmt.Fprintln(c.stderr, textServeUserUnknownMember.in(c.lang, member, strings.Join(known, ", ")))
		}
	}
	return nil
}

func (c *cli) serveUserListCmd(f *serveFlags) *cobra.Command {
	return &cobra.Command{
		Use:               "list",
		Short:             "list who may connect over SSH: name, role, team and keys",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, _ []string) error { return c.serveUserList(cmd.Context(), f) },
	}
}

func (c *cli) serveUserList(ctx context.Context, f *serveFlags) error {
	st, err := c.openUsers(ctx, f)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := sshserve.Users(st)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(c.stdout, textServeUserNone.in(c.lang))
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, textServeUserHeader.in(c.lang))
	for _, u := range users {
		// Keys are shown by fingerprint, as ssh-keygen -l prints them.
		var keys []string
		for _, k := range u.Keys {
			if pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err == nil {
				keys = append(keys, gossh.FingerprintSHA256(pk))
			}
		}
		team, language := strings.Join(u.Team, ","), u.Language
		if team == "" {
			team = "-"
		}
		if language == "" {
			language = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, team, language, strings.Join(keys, " "))
	}
	return tw.Flush()
}

func (c *cli) serveUserRemoveCmd(f *serveFlags) *cobra.Command {
	return &cobra.Command{
		Use:               "remove NAME",
		Short:             "refuse someone's SSH keys from their next connection on",
		Args:              oneName(textServeUserName),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(cmd *cobra.Command, args []string) error { return c.serveUserRemove(cmd.Context(), f, args[0]) },
	}
}

func (c *cli) serveUserRemove(ctx context.Context, f *serveFlags, name string) error {
	st, err := c.openUsers(ctx, f)
	if err != nil {
		return err
	}
	defer st.Close()
	switch err := sshserve.RemoveUser(st, name); {
	case errors.Is(err, sshserve.ErrUnknownUser):
		return failf(textServeUserUnknown, name)
	case err != nil:
		return err
	}
	fmt.Fprintln(c.stdout, textServeUserRemoved.in(c.lang, name))
	return nil
}
