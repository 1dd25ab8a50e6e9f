package web

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"juece/store"
)

// The audit checkpoints, published so that anyone may keep copies (juece audit witness): the
// latest at a stable address, each one by its size (a witness that missed some follows the
// prev lines back), and the verifier keys. All of it is signed or public by design.

// publicCheckpoint sends the latest signed checkpoint, in the signed-note format.
func (s *Server) publicCheckpoint(c echo.Context) error {
	msg, _, err := store.LatestCheckpointNote(store.CheckpointDir(s.data))
	if errors.Is(err, store.ErrNoEvents) {
		return echo.NewHTTPError(http.StatusNotFound, "尚未签署审计检查点。")
	}
	if err != nil {
		return err
	}
	return sendText(c, msg)
}

// checkpointNoteRE is a checkpoint's file name: its size, twelve digits.
var checkpointNoteRE = regexp.MustCompile(`^[0-9]{12}\.note$`)

// publicCheckpointNote sends one checkpoint by its file name.
func (s *Server) publicCheckpointNote(c echo.Context) error {
	name := c.Param("name")
	if !checkpointNoteRE.MatchString(name) {
		return errNotFound
	}
	size, _ := strconv.ParseInt(strings.TrimSuffix(name, ".note"), 10, 64)
	msg, err := store.ReadCheckpointNote(store.CheckpointDir(s.data), size)
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return sendText(c, msg)
}

// publicCheckpointKeys sends the verifier keys, one a line: every key that signed checkpoints.
func (s *Server) publicCheckpointKeys(c echo.Context) error {
	msg, err := os.ReadFile(store.CheckpointPubFile(store.CheckpointDir(s.data)))
	if errors.Is(err, fs.ErrNotExist) {
		return echo.NewHTTPError(http.StatusNotFound, "尚未签署审计检查点。")
	}
	if err != nil {
		return err
	}
	return sendText(c, msg)
}

func sendText(c echo.Context, b []byte) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", b)
}
