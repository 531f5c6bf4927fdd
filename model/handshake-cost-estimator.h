/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HANDSHAKE_COST_ESTIMATOR_H
#define LPWA_HANDSHAKE_COST_ESTIMATOR_H

#include "crypto-operation.h"
#include "handshake-summary.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Lists the cryptographic work one endpoint of a TLS handshake performs, per flight.
 *
 * Estimate() returns one Flight per point at which the endpoint computes before it may send:
 * - client: [0] before ClientHello; [1] after the server's first flight (TLS 1.2 full:
 *   ServerHello..ServerHelloDone; TLS 1.2 resumed: ServerHello..Finished; TLS 1.3:
 *   ServerHello..Finished); [2] after the server's ChangeCipherSpec/Finished (TLS 1.2 full);
 * - server: [0] after ClientHello, before its first flight; [1] after the client's second
 *   flight (its Finished).
 * Flights with nothing to do are present and empty, so the indices are fixed per role. The
 * caller delays each flight by CryptoCostModel::GetCost() of its steps on its ComputeResource.
 *
 * Signature checks: one per certificate of the peer chain that is not self-signed (with its
 * issuer's key), plus the handshake signature (ServerKeyExchange / CertificateVerify) with the
 * leaf's key. Resumed handshakes do no certificate or signature work. Each side hashes the
 * transcript once (SHA-256) and protects/checks the two Finished messages (64 bytes each,
 * assumption).
 */
class HandshakeCostEstimator
{
  public:
    /// The work done at one point of the handshake.
    struct Flight
    {
        std::string trigger;           //!< what the endpoint has just received
        std::vector<CryptoStep> steps; //!< the work before it can send its next flight
    };

    /// Record bytes charged per Finished message (assumption).
    static constexpr uint64_t FINISHED_RECORD_BYTES = 64;
    /// Typical full-handshake transcript (calibration.md, TLS 1.2 ECDHE-RSA full, measured).
    static constexpr uint64_t TYPICAL_FULL_TRANSCRIPT_BYTES = 1700;
    /// Typical resumed-handshake transcript (calibration.md, same row, resumed).
    static constexpr uint64_t TYPICAL_RESUMED_TRANSCRIPT_BYTES = 580;

    /**
     * \brief List the work of one endpoint, per flight.
     *
     * Inconsistent summaries (a TLS 1.2-only key exchange with TLS 1.3, a certificate key
     * exchange without the peer chain or the local key it needs, a zero key size) are fatal
     * errors naming the field.
     *
     * \param summary what the handshake negotiated, from this endpoint's side
     * \return 3 flights for a client, 2 for a server (see the class description)
     */
    static std::vector<Flight> Estimate(const HandshakeSummary& summary);

    /**
     * \brief Concatenate the steps of all flights.
     * \param flights the result of Estimate()
     * \return all steps, in order
     */
    static std::vector<CryptoStep> Flatten(const std::vector<Flight>& flights);
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HANDSHAKE_COST_ESTIMATOR_H
