/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_ERROR_H
#define LPWA_TLS_ERROR_H

#include <cstdint>
#include <ostream>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Why a TLS/DTLS connection failed, as TlsEndpoint::Classify() derives it from OpenSSL.
 *
 * The AT layer maps these to module error codes (e.g. Quectel +QSSLOPEN results).
 */
enum class TlsError : uint8_t
{
    NONE,                      //!< no error
    CERTIFICATE_VERIFY_FAILED, //!< the peer's chain failed verification for another reason
    CERTIFICATE_EXPIRED,       //!< a certificate's notAfter is before the verification time
    CERTIFICATE_NOT_YET_VALID, //!< a certificate's notBefore is after the verification time
    HOSTNAME_MISMATCH,         //!< the leaf does not match the check-host name
    UNKNOWN_CA,                //!< the chain does not end at a trusted root
    HANDSHAKE_FAILURE,         //!< any other local handshake failure
    PROTOCOL_VERSION,          //!< no protocol version in common (or none enabled)
    NO_SHARED_CIPHER,          //!< no cipher suite in common
    PSK_FAILURE,               //!< unknown PSK identity or wrong PSK key
    PEER_ALERT,                //!< the peer sent a fatal alert
    BAD_RECORD,                //!< malformed record, bad MAC or garbage from the peer
    TRANSPORT_CLOSED,          //!< the transport closed (or was aborted) before completion
    TIMEOUT,                   //!< no answer: DTLS retransmissions exhausted, or Abort(TIMEOUT)
};

/**
 * \brief Name an error.
 * \param error the error
 * \return its enumerator name, e.g. "UNKNOWN_CA"
 */
const char* ToString(TlsError error);

/**
 * \brief Print an error as ToString() does.
 * \param os the stream
 * \param error the error
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, TlsError error);

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_ERROR_H
