package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"juece/workflow"
)

// The citizen's receipt: a comment sent from the portal's form gets a reference number and a
// short code. The code is derived from the form's one-time token, so the same form sent again
// (a double click, a resend after a lost answer) is answered with the same receipt; the store
// keeps only hashes of the token and of the code.

// receiptAlphabet has no 0/O nor 1/I, which are read wrongly off paper.
const receiptAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// ReceiptCode is the code printed on the receipt of the comment sent with form token token:
// eight characters written as two groups of four (40 bits).
func ReceiptCode(token string) string {
	sum := sha256.Sum256([]byte("juece-receipt-code\x00" + token))
	var b strings.Builder
	for i := range 8 {
		if i == 4 {
			b.WriteByte('-')
		}
		b.WriteByte(receiptAlphabet[sum[i]%32])
	}
	return b.String()
}

// NormalizeReceiptCode reads a code as typed: any case, with or without spaces and dashes.
func NormalizeReceiptCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(receiptAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// receiptHashes are what a comment row keeps of its receipt.
type receiptHashes struct{ formToken, code string }

func hashOf(kind, s string) string {
	sum := sha256.Sum256([]byte("juece-receipt-" + kind + "\x00" + s))
	return hex.EncodeToString(sum[:])
}

func receiptOf(token string) receiptHashes {
	return receiptHashes{formToken: hashOf("form", token), code: hashOf("code", NormalizeReceiptCode(ReceiptCode(token)))}
}

// AddPublicCommentWithReceipt is AddPublicComment for a comment sent with form token token:
// the comment keeps the hashes of the token and of its receipt code (ReceiptCode(token)).
func (tx *Tx) AddPublicCommentWithReceipt(ctx context.Context, at time.Time, decisionID int64, c workflow.Comment, token string) (workflow.Comment, error) {
	if token == "" {
		return workflow.Comment{}, fmt.Errorf("store: comment to decision %d: no form token", decisionID)
	}
	return tx.addPublicComment(ctx, at, decisionID, c, receiptOf(token))
}

// CommentByFormToken finds the comment sent to decision decisionID with form token token;
// ErrNotFound when there is none.
func (tx *Tx) CommentByFormToken(ctx context.Context, decisionID int64, token string) (workflow.Comment, error) {
	c, err := scanComment(tx.tx.QueryRowContext(ctx, "SELECT "+commentColumns+" WHERE decision_id = ? AND form_token = ?",
		decisionID, hashOf("form", token)))
	if err != nil {
		return workflow.Comment{}, fmt.Errorf("store: comment by form token on decision %d: %w", decisionID, notFound(err))
	}
	return c, nil
}

// CommentByReceipt finds the comment whose reference number is ref and whose receipt code is
// code (as typed), with its decision's id. A wrong code answers exactly like an unknown
// reference: ErrNotFound.
func (db *DB) CommentByReceipt(ctx context.Context, ref, code string) (int64, workflow.Comment, error) {
	var decisionID int64
	var stored string
	c, err := scanComment(db.read.QueryRowContext(ctx, "SELECT "+commentFields+", decision_id, code_hash FROM comments WHERE ref = ?",
		strings.ToUpper(strings.TrimSpace(ref))), &decisionID, &stored)
	if err != nil {
		return 0, workflow.Comment{}, fmt.Errorf("store: comment by receipt %q: %w", ref, notFound(err))
	}
	want := hashOf("code", NormalizeReceiptCode(code))
	if stored == "" || subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 {
		return 0, workflow.Comment{}, fmt.Errorf("store: comment by receipt %q: %w", ref, ErrNotFound)
	}
	return decisionID, c, nil
}
