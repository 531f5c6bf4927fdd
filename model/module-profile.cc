/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-profile.h"

#include "cipher-suite-table.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <deque>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleProfile");

namespace
{

/// Case-insensitive equality of two ASCII strings.
bool
EqualsIgnoreCase(const std::string& a, const std::string& b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(),
                      a.end(),
                      b.begin(),
                      [](char x, char y)
                      {
                          return std::tolower(static_cast<unsigned char>(x)) ==
                                 std::tolower(static_cast<unsigned char>(y));
                      });
}

/**
 * The figures every Quectel model of the BG95/BG77/BG600L SSL Application Note (v1.1,
 * 2021-10-22) shares; the model entries below add name, series, description and RATs.
 */
ModuleProfile
QuectelBg9xBase()
{
    using P = ModuleProfile;
    return ModuleProfile()
        .SetDialect(P::Dialect::QUECTEL)
        // <pdp_ctxID> range 1-16 (AT+QSSLOPEN). How many may be active at once is not in the
        // SSL note; 3 is an assumption.
        .SetPdpContexts(1, 16, 3)
        // <clientID> range 0-11 (AT+QSSLOPEN, AT+QSSLSTATE, +QSSLURC).
        .SetSocketCount(12)
        // Assumption: every connect ID can carry an SSL connection.
        .SetMaxSslConnections(12)
        // <SSL_ctxID> range 0-5: "The module supports 6 SSL contexts at most".
        .SetSslContextCount(6)
        // Table 2 (SSL3.0, TLS1.0, TLS1.1, TLS1.2) and AT+QSSLCFG="dtlsversion" (DTLS1.0, 1.2).
        .SetSslVersions(P::SSL_3_0 | P::TLS_1_0 | P::TLS_1_1 | P::TLS_1_2 | P::DTLS_1_0 |
                        P::DTLS_1_2)
        // Table 3, in the manual's order (0XFFFF, "all of the above", is not a suite).
        .SetCipherSuites({0x0035, 0x002F, 0x0005, 0x0004, 0x000A, 0x003D, 0xC002, 0xC003, 0xC004,
                          0xC005, 0xC007, 0xC008, 0xC009, 0xC00A, 0xC011, 0xC012, 0xC013, 0xC014,
                          0xC00C, 0xC00D, 0xC00E, 0xC00F, 0xC023, 0xC024, 0xC025, 0xC026, 0xC027,
                          0xC028, 0xC029, 0xC02A, 0xC02B, 0xC02F, 0xC0A8, 0x00AE, 0xC0AE})
        // AT+QSSLSEND <sendlen> 1-1460; AT+QSSLRECV <readlen> 0-1500.
        .SetTransferLimits(1460, 1500)
        // Assumption: 10 KiB of received data buffered per socket until AT+QSSLRECV reads it.
        .SetSocketReceiveBufferSize(10240)
        // Assumption: 2048 bytes; fits every documented Quectel command line with margin
        // (AT+QISENDEX with its longest hex string, AT+QSSLOPEN with a long host name).
        .SetMaxCommandLineLength(2048)
        // Modelling assumption: 2 ms to parse and answer an ordinary command; a later
        // attribute overrides it.
        .SetCommandProcessingTimeUs(2000)
        // BG95, BG77 and BG600L-M3 are built on the Qualcomm MDM9205 (ARM Cortex-A7, up to
        // 800 MHz); the class names the crypto-cost profile. Source: Quectel product briefs
        // (recalled, verify).
        .SetMcuClass("mdm9205-a7")
        // Field behaviour from /work/shared/real-clients.md and SSL note 2.4.2.
        .SetQuirks(P::CONNECT_ID_CLAIMED_AFTER_PDP_LOSS | P::QUOTED_CIPHERSUITE_REJECTED |
                   P::CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE);
}

/// The built-in profiles: Table 1 of the Quectel SSL Application Note, in its order.
std::deque<ModuleProfile>
BuiltInProfiles()
{
    using P = ModuleProfile;
    const uint32_t m1Nb2 = P::CAT_M1 | P::CAT_NB2;
    std::deque<ModuleProfile> profiles;
    auto add = [&profiles](const std::string& series,
                           const std::string& name,
                           const std::string& description,
                           uint32_t rats)
    {
        profiles.push_back(QuectelBg9xBase()
                               .SetSeries(series)
                               .SetName(name)
                               .SetDescription(description)
                               .SetRats(rats));
    };
    add("BG95", "BG95-M1", "Cat M1 only", P::CAT_M1);
    add("BG95", "BG95-M2", "Cat M1/Cat NB2", m1Nb2);
    add("BG95", "BG95-M3", "Cat M1/Cat NB2/EGPRS", m1Nb2 | P::EGPRS);
    add("BG95", "BG95-M4", "Cat M1/Cat NB2, 450 MHz Supported", m1Nb2);
    add("BG95", "BG95-M5", "Cat M1/Cat NB2/EGPRS, Power Class 3", m1Nb2 | P::EGPRS);
    add("BG95", "BG95-M6", "Cat M1/Cat NB2, Power Class 3", m1Nb2);
    add("BG95", "BG95-MF", "Cat M1/Cat NB2, Wi-Fi Positioning", m1Nb2);
    add("BG77", "BG77", "Cat M1/Cat NB2", m1Nb2);
    add("BG600L", "BG600L-M3", "Cat M1/Cat NB2/EGPRS", m1Nb2 | P::EGPRS);
    return profiles;
}

/// Checks a profile before it enters the registry.
void
Validate(const ModuleProfile& p, const std::deque<ModuleProfile>& registry)
{
    if (p.GetName().empty())
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: argument profile has an empty name");
    }
    for (const auto& existing : registry)
    {
        if (EqualsIgnoreCase(existing.GetName(), p.GetName()))
        {
            NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: a profile named \""
                           << existing.GetName() << "\" is already registered (argument name \""
                           << p.GetName() << "\")");
        }
    }
    for (uint16_t id : p.GetCipherSuites())
    {
        if (CipherSuiteTable::Find(id) == nullptr)
        {
            NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: profile \""
                           << p.GetName() << "\" lists cipher suite "
                           << CipherSuiteTable::FormatQuectelId(id)
                           << ", which is not in CipherSuiteTable");
        }
    }
    if (p.GetSocketCount() == 0 || p.GetSslContextCount() == 0 ||
        p.GetPdpContextIdMin() > p.GetPdpContextIdMax() || p.GetMaxActivePdpContexts() == 0 ||
        p.GetMaxActivePdpContexts() > p.GetPdpContextIdMax() - p.GetPdpContextIdMin() + 1 ||
        p.GetMaxSslConnections() > p.GetSocketCount())
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleProfile::Register: profile \""
                       << p.GetName() << "\" has inconsistent counts: sockets "
                       << p.GetSocketCount() << ", SSL contexts " << p.GetSslContextCount()
                       << ", PDP IDs " << p.GetPdpContextIdMin() << "-" << p.GetPdpContextIdMax()
                       << " with " << p.GetMaxActivePdpContexts() << " active, SSL connections "
                       << p.GetMaxSslConnections());
    }
}

/// The registry; built-in profiles are added on first use. A deque keeps pointers stable.
std::deque<ModuleProfile>&
Registry()
{
    static std::deque<ModuleProfile> registry = []()
    {
        std::deque<ModuleProfile> checked;
        for (const auto& profile : BuiltInProfiles())
        {
            Validate(profile, checked);
            checked.push_back(profile);
        }
        return checked;
    }();
    return registry;
}

} // namespace

ModuleProfile::ModuleProfile() = default;

const std::string&
ModuleProfile::GetName() const
{
    return m_name;
}

const std::string&
ModuleProfile::GetSeries() const
{
    return m_series;
}

ModuleProfile::Dialect
ModuleProfile::GetDialect() const
{
    return m_dialect;
}

const std::string&
ModuleProfile::GetDescription() const
{
    return m_description;
}

uint32_t
ModuleProfile::GetRats() const
{
    return m_rats;
}

bool
ModuleProfile::IsRatSupported(Rat rat) const
{
    return (m_rats & rat) != 0;
}

uint32_t
ModuleProfile::GetPdpContextIdMin() const
{
    return m_pdpContextIdMin;
}

uint32_t
ModuleProfile::GetPdpContextIdMax() const
{
    return m_pdpContextIdMax;
}

uint32_t
ModuleProfile::GetMaxActivePdpContexts() const
{
    return m_maxActivePdpContexts;
}

uint32_t
ModuleProfile::GetSocketCount() const
{
    return m_socketCount;
}

uint32_t
ModuleProfile::GetMaxSslConnections() const
{
    return m_maxSslConnections;
}

uint32_t
ModuleProfile::GetSslContextCount() const
{
    return m_sslContextCount;
}

uint32_t
ModuleProfile::GetSslVersions() const
{
    return m_sslVersions;
}

bool
ModuleProfile::IsSslVersionSupported(SslVersion version) const
{
    return (m_sslVersions & version) != 0;
}

const std::vector<uint16_t>&
ModuleProfile::GetCipherSuites() const
{
    return m_cipherSuites;
}

bool
ModuleProfile::IsCipherSuiteSupported(uint16_t id) const
{
    return std::find(m_cipherSuites.begin(), m_cipherSuites.end(), id) != m_cipherSuites.end();
}

uint32_t
ModuleProfile::GetMaxSendLength() const
{
    return m_maxSendLength;
}

uint32_t
ModuleProfile::GetMaxReadLength() const
{
    return m_maxReadLength;
}

uint32_t
ModuleProfile::GetSocketReceiveBufferSize() const
{
    return m_socketReceiveBufferSize;
}

uint32_t
ModuleProfile::GetMaxCommandLineLength() const
{
    return m_maxCommandLineLength;
}

Time
ModuleProfile::GetCommandProcessingTime() const
{
    return MicroSeconds(m_commandProcessingTimeUs);
}

const std::string&
ModuleProfile::GetMcuClass() const
{
    return m_mcuClass;
}

uint32_t
ModuleProfile::GetQuirks() const
{
    return m_quirks;
}

bool
ModuleProfile::IsQuirkSet(Quirk quirk) const
{
    return (m_quirks & quirk) != 0;
}

ModuleProfile&
ModuleProfile::SetName(const std::string& name)
{
    m_name = name;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSeries(const std::string& series)
{
    m_series = series;
    return *this;
}

ModuleProfile&
ModuleProfile::SetDialect(Dialect dialect)
{
    m_dialect = dialect;
    return *this;
}

ModuleProfile&
ModuleProfile::SetDescription(const std::string& description)
{
    m_description = description;
    return *this;
}

ModuleProfile&
ModuleProfile::SetRats(uint32_t rats)
{
    m_rats = rats;
    return *this;
}

ModuleProfile&
ModuleProfile::SetPdpContexts(uint32_t minId, uint32_t maxId, uint32_t maxActive)
{
    m_pdpContextIdMin = minId;
    m_pdpContextIdMax = maxId;
    m_maxActivePdpContexts = maxActive;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSocketCount(uint32_t count)
{
    m_socketCount = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMaxSslConnections(uint32_t count)
{
    m_maxSslConnections = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSslContextCount(uint32_t count)
{
    m_sslContextCount = count;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSslVersions(uint32_t versions)
{
    m_sslVersions = versions;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCipherSuites(const std::vector<uint16_t>& ids)
{
    m_cipherSuites = ids;
    return *this;
}

ModuleProfile&
ModuleProfile::SetTransferLimits(uint32_t maxSend, uint32_t maxRead)
{
    m_maxSendLength = maxSend;
    m_maxReadLength = maxRead;
    return *this;
}

ModuleProfile&
ModuleProfile::SetSocketReceiveBufferSize(uint32_t bytes)
{
    m_socketReceiveBufferSize = bytes;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMaxCommandLineLength(uint32_t bytes)
{
    m_maxCommandLineLength = bytes;
    return *this;
}

ModuleProfile&
ModuleProfile::SetCommandProcessingTimeUs(uint32_t microseconds)
{
    m_commandProcessingTimeUs = microseconds;
    return *this;
}

ModuleProfile&
ModuleProfile::SetMcuClass(const std::string& mcuClass)
{
    m_mcuClass = mcuClass;
    return *this;
}

ModuleProfile&
ModuleProfile::SetQuirks(uint32_t quirks)
{
    m_quirks = quirks;
    return *this;
}

const ModuleProfile*
ModuleProfile::Find(const std::string& name)
{
    for (const auto& profile : Registry())
    {
        if (EqualsIgnoreCase(profile.GetName(), name))
        {
            return &profile;
        }
    }
    NS_LOG_LOGIC("no module profile named \"" << name << "\"");
    return nullptr;
}

std::vector<std::string>
ModuleProfile::GetNames()
{
    std::vector<std::string> names;
    for (const auto& profile : Registry())
    {
        names.push_back(profile.GetName());
    }
    return names;
}

void
ModuleProfile::Register(const ModuleProfile& profile)
{
    auto& registry = Registry();
    Validate(profile, registry);
    registry.push_back(profile);
    NS_LOG_INFO("registered module profile " << profile.GetName() << " ("
                                             << DialectToString(profile.GetDialect()) << ")");
}

const char*
ModuleProfile::DialectToString(Dialect dialect)
{
    switch (dialect)
    {
        case Dialect::QUECTEL:
            return "QUECTEL";
        case Dialect::ONEMO:
            return "ONEMO";
    }
    return "UNKNOWN";
}

} // namespace lpwa
} // namespace ns3
