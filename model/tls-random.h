/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_RANDOM_H
#define LPWA_TLS_RANDOM_H

#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A deterministic byte generator for OpenSSL, one per TLS endpoint (or PKI generation).
 *
 * A source holds a 256-bit key and expands it with the ChaCha20 block function (RFC 8439,
 * 64-bit block counter, all-zero nonce) into a keystream that Fill() hands out in order. The
 * keystream is computed in this file, not through OpenSSL, so that drawing bytes never calls
 * back into OpenSSL (no provider fetch, no lock, no use of OpenSSL's own DRBG) while OpenSSL is
 * inside a RAND call.
 *
 * The key comes from one of two places:
 *  - a source made by CreateObject<TlsRandomSource>() owns an ns-3 UniformRandomVariable; at
 *    the first Fill() (and at the first Fill() after AssignStreams()) it draws 32 key bytes from
 *    that stream (16 draws of 16 bits). RngSeedManager's seed and run therefore apply: the same
 *    seed, run and stream give the same bytes; another run gives other bytes.
 *  - a source made by CreateFromSeed() is keyed from a fixed 64-bit seed (expanded with
 *    SplitMix64) and uses no ns-3 random stream at all, so its bytes are the same in every run.
 *    TestPkiHelper uses it so that test certificates do not depend on the run number.
 *
 * A source's bytes depend only on its key and on how many bytes were drawn before, so two
 * sources drawn in any interleaving give each the same bytes as when drawn alone.
 *
 * Sources reach OpenSSL through TlsRandom::Scope.
 */
class TlsRandomSource : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Create a source keyed lazily from its own ns-3 random stream.
     */
    TlsRandomSource();

    /**
     * \brief Create a source keyed from a fixed seed; it uses no ns-3 random stream.
     * \param seed the 64-bit seed
     */
    explicit TlsRandomSource(uint64_t seed);

    ~TlsRandomSource() override;

    /**
     * \brief Create a source keyed from a fixed 64-bit seed, independent of RngSeedManager.
     * \param seed the seed; the same seed gives the same bytes in every run and process
     * \return the new source
     */
    static Ptr<TlsRandomSource> CreateFromSeed(uint64_t seed);

    /**
     * \brief Assign a fixed ns-3 random stream number; the key is drawn again at the next Fill().
     *
     * Fatal error on a source made by CreateFromSeed() (it has no ns-3 stream).
     * \param stream the first stream index to use
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Write the next n bytes of this source's keystream.
     * \param out where to write; may be null only when n is 0
     * \param n the number of bytes
     */
    void Fill(uint8_t* out, size_t n);

    /**
     * \brief Get how many bytes this source has handed out since it was last keyed.
     * \return the byte count
     */
    uint64_t GetBytesDrawn() const;

    /**
     * \brief Tell whether this source was made from a fixed seed.
     * \return true for a CreateFromSeed() source
     */
    bool IsSeeded() const;

    /**
     * \brief Compute one ChaCha20 block (RFC 8439 section 2.3).
     *
     * Exposed so that tests can check it against the RFC 8439 test vectors.
     * \param key the 256-bit key as eight little-endian words
     * \param counterAndNonce state words 12..15 (block counter and nonce)
     * \param out receives the 64-byte block
     */
    static void ChaCha20Block(const std::array<uint32_t, 8>& key,
                              const std::array<uint32_t, 4>& counterAndNonce,
                              uint8_t out[64]);

    /**
     * \brief SplitMix64 step: advance the state and return the next output.
     * \param state the generator state, updated in place
     * \return the next 64-bit output
     */
    static uint64_t SplitMix64(uint64_t& state);

  protected:
    void DoDispose() override;

  private:
    /// Draw the key (from the ns-3 stream or the seed) and restart the keystream.
    void Rekey();

    Ptr<UniformRandomVariable> m_rng;  //!< key material source (null when seeded)
    bool m_seeded{false};              //!< keyed from m_seed rather than m_rng
    uint64_t m_seed{0};                //!< the fixed seed of a seeded source
    bool m_keyed{false};               //!< whether m_key is valid
    std::array<uint32_t, 8> m_key{};   //!< ChaCha20 key
    uint64_t m_counter{0};             //!< next ChaCha20 block number
    std::array<uint8_t, 64> m_block{}; //!< current keystream block
    size_t m_blockPos{64};             //!< bytes of m_block already handed out
    uint64_t m_drawn{0};               //!< bytes handed out since keying
};

/**
 * \brief Routes OpenSSL's random numbers (RAND_bytes, RAND_priv_bytes and everything built on
 * them) to TlsRandomSource objects, so that TLS handshakes in a simulation are reproducible.
 *
 * Install() replaces, once per process, OpenSSL's RAND method with RAND_set_rand_method().
 * OpenSSL 3.0 deprecates that call but still honours a non-default method: RAND_bytes_ex() and
 * RAND_priv_bytes_ex() check RAND_get_rand_method() first, for every library context, and the
 * default provider's key generation (RSA primes, EC private keys), signatures (ECDSA nonces,
 * RSA blinding and PSS salts) and libssl (hello randoms, session IDs, ticket keys, key shares,
 * CBC IVs) all draw through those two functions. test/tls-random-test.cc checks this.
 * The method's seed() and add() ignore their input (extra entropy would break determinism) and
 * status() reports 1.
 *
 * Every draw comes from the *current* source:
 *  - inside a TlsRandom::Scope, the source given to the innermost live scope;
 *  - otherwise a process default source, keyed from RngSeedManager::GetSeed() and GetRun()
 *    (no ns-3 stream is consumed). It is keyed again at the first draw after each
 *    Simulator::Destroy() (a ScheduleDestroy hook marks it stale) and whenever the seed or run
 *    has changed, so two simulations in one process with the same seed and run repeat.
 *
 * Usage: each endpoint owns a TlsRandomSource and wraps each OpenSSL call sequence that may
 * draw randomness in a scope of its source:
 * \code
 *   TlsRandom::Scope scope(m_random);
 *   SSL_do_handshake(m_ssl);
 * \endcode
 * Calls that draw include SSL_CTX_new() (it generates session ticket keys), SSL_do_handshake(),
 * SSL_read()/SSL_write() (CBC IVs, TLS 1.3 tickets, renegotiation), SSL_shutdown(),
 * EVP_PKEY_keygen() and any signing. Bytes drawn outside every scope come from the default
 * source and are reproducible too, but the bytes each endpoint sees then depend on what the
 * other endpoints drew before it.
 *
 * Randomness is not the only thing to pin: OpenSSL stamps sessions with the host's time(), and
 * TLS 1.2 session tickets carry that stamp encrypted. Set it from the simulated clock, e.g. in
 * an SSL_CTX_set_session_ticket_cb() generate callback (SSL_SESSION_set_time()), and verify
 * certificates with X509_VERIFY_PARAM_set_time() at ModuleClock::GetUnixTime().
 *
 * Single-threaded use only (ns-3's default simulator): the scope stack is per thread, the
 * default source per process.
 */
class TlsRandom
{
  public:
    /**
     * \brief Install the RAND method (idempotent; Scope's constructor calls it too).
     *
     * Fatal error if OpenSSL refuses the method.
     */
    static void Install();

    /**
     * \brief Tell whether Install() has run in this process.
     * \return true once installed
     */
    static bool IsInstalled();

    /**
     * \brief Get the source draws currently come from.
     * \return the innermost scope's source, or the process default source
     */
    static Ptr<TlsRandomSource> GetCurrent();

    /**
     * \brief Draw bytes from the current source (what the RAND method does).
     * \param out where to write
     * \param n the number of bytes
     */
    static void Fill(uint8_t* out, size_t n);

    /**
     * \brief Makes a source current while it lives (RAII, nestable, not copyable).
     */
    class Scope
    {
      public:
        /**
         * \brief Make a source current; installs the RAND method if needed.
         * \param source the source; fatal error if null
         */
        explicit Scope(Ptr<TlsRandomSource> source);
        /// Restore the source that was current before.
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        Ptr<TlsRandomSource> m_source; //!< the source made current
        TlsRandomSource* m_previous;   //!< the source current before (null: default)
    };

    TlsRandom() = delete;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_RANDOM_H
