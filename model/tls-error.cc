/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-error.h"

namespace ns3
{
namespace lpwa
{

const char*
ToString(TlsError error)
{
    switch (error)
    {
        case TlsError::NONE:
            return "NONE";
        case TlsError::CERTIFICATE_VERIFY_FAILED:
            return "CERTIFICATE_VERIFY_FAILED";
        case TlsError::CERTIFICATE_EXPIRED:
            return "CERTIFICATE_EXPIRED";
        case TlsError::CERTIFICATE_NOT_YET_VALID:
            return "CERTIFICATE_NOT_YET_VALID";
        case TlsError::HOSTNAME_MISMATCH:
            return "HOSTNAME_MISMATCH";
        case TlsError::UNKNOWN_CA:
            return "UNKNOWN_CA";
        case TlsError::HANDSHAKE_FAILURE:
            return "HANDSHAKE_FAILURE";
        case TlsError::PROTOCOL_VERSION:
            return "PROTOCOL_VERSION";
        case TlsError::NO_SHARED_CIPHER:
            return "NO_SHARED_CIPHER";
        case TlsError::PSK_FAILURE:
            return "PSK_FAILURE";
        case TlsError::PEER_ALERT:
            return "PEER_ALERT";
        case TlsError::BAD_RECORD:
            return "BAD_RECORD";
        case TlsError::TRANSPORT_CLOSED:
            return "TRANSPORT_CLOSED";
        case TlsError::TIMEOUT:
            return "TIMEOUT";
    }
    return "?";
}

std::ostream&
operator<<(std::ostream& os, TlsError error)
{
    return os << ToString(error);
}

} // namespace lpwa
} // namespace ns3
