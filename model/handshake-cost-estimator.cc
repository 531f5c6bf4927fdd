/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "handshake-cost-estimator.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaHandshakeCostEstimator");

namespace
{

using S = HandshakeSummary;
using Op = CryptoOperation;

/// Checks a key size field.
uint32_t
Bits(const char* field, uint32_t bits)
{
    if (bits == 0)
    {
        NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary." << field
                                                                   << ": 0 is not a key size");
    }
    return bits;
}

/// The step that makes a signature with a key.
CryptoStep
Sign(const char* field, S::KeyType type, uint32_t bits)
{
    switch (type)
    {
        case S::KeyType::RSA:
            return {Op::RSA_PRIVATE, Bits(field, bits)};
        case S::KeyType::EC:
            return {Op::ECDSA_SIGN, Bits(field, bits)};
        case S::KeyType::NONE:
            break;
    }
    NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary." << field
                                                               << ": NONE, but this side signs");
    return {};
}

/// The step that checks a signature made with a key.
CryptoStep
Verify(const char* field, S::KeyType type, uint32_t bits)
{
    switch (type)
    {
        case S::KeyType::RSA:
            return {Op::RSA_PUBLIC, Bits(field, bits)};
        case S::KeyType::EC:
            return {Op::ECDSA_VERIFY, Bits(field, bits)};
        case S::KeyType::NONE:
            break;
    }
    NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary."
                   << field << ": NONE, but a signature is checked");
    return {};
}

/// Appends the checks of a peer chain and of the handshake signature made with its leaf.
void
VerifyPeer(const S& s, std::vector<CryptoStep>& steps, bool handshakeSignature)
{
    if (s.peerChain.empty())
    {
        NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary.peerChain: empty, but the peer "
                       "authenticates with a certificate");
    }
    for (const auto& cert : s.peerChain)
    {
        // The peer sends every certificate but the trust anchor, which came from a local file.
        if (!cert.selfSigned)
        {
            steps.push_back({Op::CERTIFICATE_PARSE, 0, cert.derBytes});
        }
    }
    for (const auto& cert : s.peerChain)
    {
        if (!cert.selfSigned)
        {
            steps.push_back(
                Verify("peerChain[].signerKeyType", cert.signerKeyType, cert.signerKeyBits));
        }
    }
    if (handshakeSignature)
    {
        steps.push_back(
            Verify("peerChain[0].keyType", s.peerChain[0].keyType, s.peerChain[0].keyBits));
    }
}

/// The record-protection step of one Finished message.
CryptoStep
Finished(const S& s)
{
    return {Op::CIPHER_BYTES,
            s.cipherKeyBits,
            HandshakeCostEstimator::FINISHED_RECORD_BYTES,
            s.cipher};
}

/// The transcript hash step.
CryptoStep
Transcript(const S& s)
{
    uint64_t bytes = s.transcriptBytes;
    if (bytes == 0)
    {
        bytes = s.resumed ? HandshakeCostEstimator::TYPICAL_RESUMED_TRANSCRIPT_BYTES
                          : HandshakeCostEstimator::TYPICAL_FULL_TRANSCRIPT_BYTES;
    }
    return {Op::HASH_BYTES, 0, bytes};
}

const char*
KxName(S::KeyExchange kx)
{
    switch (kx)
    {
        case S::KeyExchange::RSA:
            return "RSA";
        case S::KeyExchange::ECDHE_RSA:
            return "ECDHE_RSA";
        case S::KeyExchange::ECDHE_ECDSA:
            return "ECDHE_ECDSA";
        case S::KeyExchange::DHE_RSA:
            return "DHE_RSA";
        case S::KeyExchange::PSK:
            return "PSK";
        case S::KeyExchange::ECDHE_PSK:
            return "ECDHE_PSK";
        case S::KeyExchange::ECDHE:
            return "ECDHE";
        case S::KeyExchange::DHE:
            return "DHE";
    }
    return "?";
}

/// TLS 1.2 (full and abbreviated) work.
std::vector<HandshakeCostEstimator::Flight>
Tls12(const S& s)
{
    using Kx = S::KeyExchange;
    const Kx kx = s.keyExchange;
    if (kx == Kx::ECDHE || kx == Kx::DHE)
    {
        NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary.keyExchange: "
                       << KxName(kx) << " is a TLS 1.3 group kind; TLS 1.2 needs the suite's "
                       << "key exchange (RSA, ECDHE_RSA, ECDHE_ECDSA, DHE_RSA, PSK, ECDHE_PSK)");
    }
    const bool client = s.role == S::Role::CLIENT;
    std::vector<HandshakeCostEstimator::Flight> f;
    if (client)
    {
        f = {{"start (before ClientHello)", {}},
             {"server first flight", {}},
             {"server ChangeCipherSpec/Finished", {}}};
    }
    else
    {
        f = {{"ClientHello", {}}, {"client second flight (Finished)", {}}};
    }
    if (s.resumed)
    {
        // Abbreviated handshake: the server sends Finished first; no public-key work.
        if (client)
        {
            f[1].steps = {Finished(s), Transcript(s), Finished(s)}; // check theirs, send ours
        }
        else
        {
            f[0].steps = {Transcript(s), Finished(s)};
            f[1].steps = {Finished(s)};
        }
        return f;
    }
    const bool ecdhe = kx == Kx::ECDHE_RSA || kx == Kx::ECDHE_ECDSA || kx == Kx::ECDHE_PSK;
    const bool certificate =
        kx == Kx::RSA || kx == Kx::ECDHE_RSA || kx == Kx::ECDHE_ECDSA || kx == Kx::DHE_RSA;
    const bool signedKx = kx == Kx::ECDHE_RSA || kx == Kx::ECDHE_ECDSA || kx == Kx::DHE_RSA;
    const bool psk = kx == Kx::PSK || kx == Kx::ECDHE_PSK;
    if (client)
    {
        auto& steps = f[1].steps;
        if (certificate)
        {
            VerifyPeer(s, steps, signedKx);
        }
        if (kx == Kx::RSA)
        {
            steps.push_back({Op::RSA_PUBLIC, Bits("peerChain[0].keyBits", s.peerChain[0].keyBits)});
        }
        if (psk)
        {
            steps.push_back({Op::PSK});
        }
        if (ecdhe)
        {
            steps.push_back({Op::ECDHE_KEYGEN_AND_SHARED, Bits("groupBits", s.groupBits)});
        }
        if (kx == Kx::DHE_RSA)
        {
            steps.push_back({Op::DHE_KEYGEN_AND_SHARED, Bits("groupBits", s.groupBits)});
        }
        if (s.clientAuth)
        {
            steps.push_back(Sign("localKeyType", s.localKeyType, s.localKeyBits));
        }
        steps.push_back(Transcript(s));
        steps.push_back(Finished(s));
        f[2].steps.push_back(Finished(s));
    }
    else
    {
        auto& hello = f[0].steps;
        if (ecdhe)
        {
            hello.push_back({Op::ECDHE_KEYGEN, Bits("groupBits", s.groupBits)});
        }
        if (kx == Kx::DHE_RSA)
        {
            // Keygen and shared secret both charged before the first flight (simplification).
            hello.push_back({Op::DHE_KEYGEN_AND_SHARED, Bits("groupBits", s.groupBits)});
        }
        if (signedKx)
        {
            hello.push_back(Sign("localKeyType", s.localKeyType, s.localKeyBits));
        }
        auto& fin = f[1].steps;
        if (s.clientAuth)
        {
            VerifyPeer(s, fin, true);
        }
        if (kx == Kx::RSA)
        {
            if (s.localKeyType != S::KeyType::RSA)
            {
                NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary.localKeyType: must be "
                               "RSA for the RSA key exchange");
            }
            fin.push_back({Op::RSA_PRIVATE, Bits("localKeyBits", s.localKeyBits)});
        }
        if (psk)
        {
            fin.push_back({Op::PSK});
        }
        if (ecdhe)
        {
            fin.push_back({Op::ECDH_SHARED, Bits("groupBits", s.groupBits)});
        }
        fin.push_back(Finished(s)); // check the client's Finished
        fin.push_back(Transcript(s));
        fin.push_back(Finished(s)); // protect our own
    }
    return f;
}

/// TLS 1.3 (1-RTT full, PSK resumption) work.
std::vector<HandshakeCostEstimator::Flight>
Tls13(const S& s)
{
    using Kx = S::KeyExchange;
    const Kx kx = s.keyExchange;
    if (kx != Kx::ECDHE && kx != Kx::DHE && kx != Kx::PSK && kx != Kx::ECDHE_PSK)
    {
        NS_FATAL_ERROR("HandshakeCostEstimator: HandshakeSummary.keyExchange: "
                       << KxName(kx)
                       << " is a TLS 1.2 suite key exchange; TLS 1.3 needs ECDHE, DHE, PSK "
                          "(psk_ke) or ECDHE_PSK");
    }
    const bool client = s.role == S::Role::CLIENT;
    const bool pskOnly = kx == Kx::PSK;
    const bool certificateAuth = !s.resumed && (kx == Kx::ECDHE || kx == Kx::DHE);
    const bool usesPsk = s.resumed || kx == Kx::PSK || kx == Kx::ECDHE_PSK;
    const bool dhe = kx == Kx::DHE;
    std::vector<HandshakeCostEstimator::Flight> f;
    if (client)
    {
        f = {{"start (before ClientHello)", {}},
             {"server first flight (ServerHello..Finished)", {}},
             {"none (TLS 1.3 client sends its last flight after [1])", {}}};
        if (!pskOnly && !dhe)
        {
            f[0].steps.push_back({Op::ECDHE_KEYGEN, Bits("groupBits", s.groupBits)});
        }
        auto& steps = f[1].steps;
        if (usesPsk)
        {
            steps.push_back({Op::PSK});
        }
        if (!pskOnly)
        {
            steps.push_back(
                dhe ? CryptoStep{Op::DHE_KEYGEN_AND_SHARED, Bits("groupBits", s.groupBits)}
                    : CryptoStep{Op::ECDH_SHARED, Bits("groupBits", s.groupBits)});
        }
        if (certificateAuth)
        {
            VerifyPeer(s, steps, true);
        }
        steps.push_back(Finished(s)); // check the server's Finished
        if (certificateAuth && s.clientAuth)
        {
            steps.push_back(Sign("localKeyType", s.localKeyType, s.localKeyBits));
        }
        steps.push_back(Transcript(s));
        steps.push_back(Finished(s));
    }
    else
    {
        f = {{"ClientHello", {}}, {"client second flight (Finished)", {}}};
        auto& hello = f[0].steps;
        if (usesPsk)
        {
            hello.push_back({Op::PSK});
        }
        if (!pskOnly)
        {
            hello.push_back({dhe ? Op::DHE_KEYGEN_AND_SHARED : Op::ECDHE_KEYGEN_AND_SHARED,
                             Bits("groupBits", s.groupBits)});
        }
        if (certificateAuth)
        {
            hello.push_back(Sign("localKeyType", s.localKeyType, s.localKeyBits));
        }
        hello.push_back(Transcript(s));
        hello.push_back(Finished(s));
        auto& fin = f[1].steps;
        if (certificateAuth && s.clientAuth)
        {
            VerifyPeer(s, fin, true);
        }
        fin.push_back(Finished(s));
    }
    return f;
}

} // namespace

std::vector<HandshakeCostEstimator::Flight>
HandshakeCostEstimator::Estimate(const HandshakeSummary& summary)
{
    NS_LOG_FUNCTION_NOARGS();
    auto flights =
        summary.version == HandshakeSummary::Version::TLS_1_2 ? Tls12(summary) : Tls13(summary);
    // Each side's non-cryptographic handshake work is charged with its last flight.
    flights.back().steps.push_back(CryptoStep{CryptoOperation::HANDSHAKE_OVERHEAD, 0, 0});
    if (summary.localFileBytes > 0)
    {
        // The certificate and key files are read and decoded before the first flight.
        CryptoStep load{CryptoOperation::FILE_LOAD, 0, summary.localFileBytes};
        load.objects = summary.localFileObjects;
        flights.front().steps.insert(flights.front().steps.begin(), load);
    }
    for (const auto& flight : flights)
    {
        for (const auto& step : flight.steps)
        {
            NS_LOG_LOGIC(flight.trigger << ": " << step);
        }
    }
    return flights;
}

std::vector<CryptoStep>
HandshakeCostEstimator::Flatten(const std::vector<Flight>& flights)
{
    std::vector<CryptoStep> all;
    for (const auto& flight : flights)
    {
        all.insert(all.end(), flight.steps.begin(), flight.steps.end());
    }
    return all;
}

} // namespace lpwa
} // namespace ns3
