package crypto

import (
	"errors"
	"fmt"
	"io"

	"github.com/minio/sio"
)

// SealStream returns a writer that seals everything written to it as one DARE 2.0 stream under
// key into w (a backup file's body). Close writes the final package; without it the stream is
// incomplete and will not open.
func SealStream(w io.Writer, key []byte) (io.WriteCloser, error) {
	sw, err := sio.EncryptWriter(w, sioConfig(key))
	if err != nil {
		return nil, fmt.Errorf("sio.EncryptWriter: %w", err)
	}
	return sw, nil
}

// ErrStreamTruncated: a sealed stream ended before its final package.
var ErrStreamTruncated = errors.New("crypto: sealed stream ends early")

// OpenStream returns a reader that opens a SealStream output from r. A changed byte gives
// ErrUnauthenticated, a stream cut short ErrStreamTruncated (sio cannot always tell the two
// apart: a cut inside a package fails its tag, so callers that know the expected length check
// it first).
func OpenStream(r io.Reader, key []byte) (io.Reader, error) {
	dr, err := sio.DecryptReader(r, sioConfig(key))
	if err != nil {
		return nil, fmt.Errorf("sio.DecryptReader: %w", err)
	}
	return streamErrors{dr}, nil
}

type streamErrors struct{ r io.Reader }

func (s streamErrors) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err == nil || err == io.EOF {
		return n, err
	}
	var se sio.Error
	if errors.As(err, &se) {
		if se.Error() == "sio: unexpected EOF" {
			return n, ErrStreamTruncated
		}
		return n, fmt.Errorf("%w: %v", ErrUnauthenticated, se)
	}
	return n, err
}
