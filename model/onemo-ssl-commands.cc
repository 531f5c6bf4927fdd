/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "onemo-ssl-commands.h"

#include "at-engine.h"
#include "cipher-suite-table.h"
#include "lpwa-module.h"
#include "module-clock.h"
#include "module-file-system.h"
#include "onemo-certificate-commands.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstdio>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaOneMoSslCommands");
NS_OBJECT_ENSURE_REGISTERED(OneMoSslCommands);

namespace
{

/// `+CME ERROR: 50`, "parameter error" (manual 5.2).
constexpr uint32_t PARAMETER_ERROR = 50;
/// `+CME ERROR: 769`, "CERTS/KEYS load failure" (manual 5.2).
constexpr uint32_t LOAD_FAILURE = 769;
/// Longest certificate, key or PSK id name, in bytes.
constexpr size_t MAX_NAME = 64;

/// The ten `<cmd>`s, in the manual's order.
const std::vector<std::string>&
AllSubCommands()
{
    static const std::vector<std::string> all = {"auth",
                                                 "cert",
                                                 "psk",
                                                 "encoding",
                                                 "negotime",
                                                 "version",
                                                 "ciphersuite",
                                                 "session",
                                                 "ignorestamp",
                                                 "ignoreverify"};
    return all;
}

/// A quoted string parameter of at most MAX_NAME bytes.
bool
GetName(const AtParameter& p, std::string& out)
{
    if (!p.IsString() || p.GetText().size() > MAX_NAME)
    {
        return false;
    }
    out = p.GetText();
    return true;
}

/// A hex number, `2D`, `0x2D` or `0X002D`, quoted or not, of at most 4 digits.
bool
GetCipherHex(const AtParameter& p, uint32_t& value)
{
    if (p.IsOmitted())
    {
        return false;
    }
    std::string text = p.GetText();
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        text = text.substr(2);
    }
    if (text.empty() || text.size() > 4)
    {
        return false;
    }
    value = 0;
    for (char c : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
        value = value * 16 + std::stoul(std::string(1, c), nullptr, 16);
    }
    return true;
}

} // namespace

TypeId
OneMoSslCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::OneMoSslCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<OneMoSslCommands>();
    return tid;
}

OneMoSslCommands::OneMoSslCommands()
{
    NS_LOG_FUNCTION(this);
}

OneMoSslCommands::~OneMoSslCommands()
{
    NS_LOG_FUNCTION(this);
}

void
OneMoSslCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    m_contexts.assign(module->GetProfile().GetSslContextCount(), OneMoSslContextConfig());
    module->GetAtEngine()->RegisterCommand("+MSSLCFG",
                                           [this](const AtCommand& c)
                                           {
                                               HandleMsslcfg(c);
                                           });
}

void
OneMoSslCommands::PowerOff()
{
    // AT+MSSLCFG settings are not saved: every SSL ID returns to its defaults.
    m_contexts.assign(m_contexts.size(), OneMoSslContextConfig());
}

void
OneMoSslCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

const OneMoSslContextConfig&
OneMoSslCommands::GetContext(uint8_t id) const
{
    NS_ABORT_MSG_IF(id >= m_contexts.size(),
                    "OneMoSslCommands::GetContext: SSL ID " << +id << " out of range");
    return m_contexts[id];
}

uint32_t
OneMoSslCommands::GetContextCount() const
{
    return static_cast<uint32_t>(m_contexts.size());
}

void
OneMoSslCommands::ResetAll()
{
    NS_LOG_FUNCTION(this);
    std::fill(m_contexts.begin(), m_contexts.end(), OneMoSslContextConfig());
}

bool
OneMoSslCommands::DeepSleepWake()
{
    NS_LOG_FUNCTION(this);
    if (!m_module || !m_module->GetProfile().IsSslStateLostOnDeepSleep())
    {
        return false;
    }
    ResetAll();
    Ptr<OneMoCertificateCommands> certs = m_module->GetCommandSet<OneMoCertificateCommands>();
    if (certs)
    {
        certs->ResetAll();
    }
    NS_LOG_INFO("deep-sleep wake: SSL configuration and certificates lost");
    return true;
}

std::string
OneMoSslCommands::FormatCipherId(uint16_t id)
{
    char text[8];
    std::snprintf(text, sizeof(text), "0x%02X", static_cast<unsigned>(id));
    return text;
}

std::vector<std::string>
OneMoSslCommands::SupportedSubCommands() const
{
    std::vector<std::string> subs;
    for (const auto& s : AllSubCommands())
    {
        if (s != "psk" || m_module->GetProfile().IsSslPskSupported())
        {
            subs.push_back(s);
        }
    }
    return subs;
}

std::string
OneMoSslCommands::Format(const std::string& sub, const OneMoSslContextConfig& c)
{
    auto quote = [](const std::string& s)
    {
        return "\"" + s + "\"";
    };
    if (sub == "auth")
    {
        return std::to_string(c.certVerify);
    }
    if (sub == "cert")
    {
        return quote(c.serverCert) + "," + quote(c.clientCert) + "," + quote(c.clientKey);
    }
    if (sub == "psk")
    {
        return quote(c.pskId);
    }
    if (sub == "encoding")
    {
        return std::to_string(c.inputFormat);
    }
    if (sub == "negotime")
    {
        return std::to_string(c.negotiateTimeout);
    }
    if (sub == "version")
    {
        return std::to_string(c.sslVersion);
    }
    if (sub == "ciphersuite")
    {
        return FormatCipherId(c.cipherSuite);
    }
    if (sub == "session")
    {
        return c.session ? "1" : "0";
    }
    if (sub == "ignorestamp")
    {
        return c.ignoreStamp ? "1" : "0";
    }
    return c.ignoreVerify ? "1" : "0";
}

uint32_t
OneMoSslCommands::Set(const std::string& sub,
                      const AtCommand& command,
                      OneMoSslContextConfig& config)
{
    const ModuleProfile& profile = m_module->GetProfile();
    const size_t count = command.GetParameterCount();
    const AtParameter& value = command.GetParameter(2);
    if (sub == "cert")
    {
        if (count > 5)
        {
            return PARAMETER_ERROR;
        }
        std::string names[3];
        for (size_t i = 0; i < 3; ++i)
        {
            const AtParameter& p = command.GetParameter(2 + i);
            if ((i == 0 || !p.IsOmitted()) && !GetName(p, names[i]))
            {
                return PARAMETER_ERROR;
            }
        }
        Ptr<OneMoCertificateCommands> store = m_module->GetCommandSet<OneMoCertificateCommands>();
        if (store)
        {
            using K = OneMoCertificateCommands::CredentialKind;
            const K wanted[3] = {K::CERTIFICATE, K::CERTIFICATE, K::PRIVATE_KEY};
            for (size_t i = 0; i < 3; ++i)
            {
                K kind;
                if (!names[i].empty() && store->GetKind(names[i], kind) && kind != wanted[i])
                {
                    return LOAD_FAILURE;
                }
            }
        }
        config.serverCert = names[0];
        config.clientCert = names[1];
        config.clientKey = names[2];
        return 0;
    }
    if (count != 3)
    {
        return PARAMETER_ERROR;
    }
    int64_t v = 0;
    if (sub == "psk")
    {
        std::string id;
        if (!GetName(value, id))
        {
            return PARAMETER_ERROR;
        }
        config.pskId = id;
    }
    else if (sub == "ciphersuite")
    {
        uint32_t id = 0;
        if (!GetCipherHex(value, id) ||
            (id != 0 && !profile.IsCipherSuiteSupported(static_cast<uint16_t>(id))))
        {
            return PARAMETER_ERROR;
        }
        config.cipherSuite = static_cast<uint16_t>(id);
    }
    else if (sub == "version")
    {
        const ModuleProfile::SslVersion versions[4] = {ModuleProfile::SSL_3_0,
                                                       ModuleProfile::TLS_1_0,
                                                       ModuleProfile::TLS_1_1,
                                                       ModuleProfile::TLS_1_2};
        if (!value.GetInteger(v, 0, 255) ||
            (v != 255 && (v > 3 || !profile.IsSslVersionSupported(versions[v]))))
        {
            return PARAMETER_ERROR;
        }
        config.sslVersion = static_cast<uint8_t>(v);
    }
    else if (sub == "auth")
    {
        if (!value.GetInteger(v, 0, 2))
        {
            return PARAMETER_ERROR;
        }
        config.certVerify = static_cast<uint8_t>(v);
    }
    else if (sub == "encoding")
    {
        if (!value.GetInteger(v, 0, 2) ||
            !profile.IsCertInputEncodingSupported(static_cast<uint32_t>(v)))
        {
            return PARAMETER_ERROR;
        }
        config.inputFormat = static_cast<uint8_t>(v);
    }
    else if (sub == "negotime")
    {
        if (!value.GetInteger(v, 10, 300))
        {
            return PARAMETER_ERROR;
        }
        config.negotiateTimeout = static_cast<uint16_t>(v);
    }
    else
    {
        if (!value.GetInteger(v, 0, 1))
        {
            return PARAMETER_ERROR;
        }
        (sub == "session" ? config.session
                          : (sub == "ignorestamp" ? config.ignoreStamp : config.ignoreVerify)) =
            v != 0;
    }
    return 0;
}

void
OneMoSslCommands::HandleMsslcfg(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    const std::vector<std::string> subs = SupportedSubCommands();
    if (command.GetForm() == AtCommand::TEST)
    {
        std::string list;
        for (const auto& s : subs)
        {
            list += (list.empty() ? "" : ",") + ("\"" + s + "\"");
        }
        engine->SendInfo("+MSSLCFG: (" + list + ")");
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE)
    {
        engine->FinishError();
        return;
    }
    std::string sub = command.GetParameter(0).GetText();
    std::transform(sub.begin(),
                   sub.end(),
                   sub.begin(),
                   [](unsigned char c)
                   {
                       return static_cast<char>(std::tolower(c));
                   });
    if (!command.GetParameter(0).IsString() ||
        std::find(subs.begin(), subs.end(), sub) == subs.end())
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    const size_t count = command.GetParameterCount();
    if (count == 1)
    {
        for (size_t id = 0; id < m_contexts.size(); ++id)
        {
            engine->SendInfo("+MSSLCFG: \"" + sub + "\"," + std::to_string(id) + "," +
                             Format(sub, m_contexts[id]));
        }
        engine->FinishOk();
        return;
    }
    int64_t id = 0;
    if (!command.GetParameter(1).GetInteger(id, 0, static_cast<int64_t>(m_contexts.size()) - 1))
    {
        engine->FinishCmeError(PARAMETER_ERROR);
        return;
    }
    if (count == 2)
    {
        engine->SendInfo("+MSSLCFG: \"" + sub + "\"," + std::to_string(id) + "," +
                         Format(sub, m_contexts[id]));
        engine->FinishOk();
        return;
    }
    OneMoSslContextConfig changed = m_contexts[id];
    const uint32_t error = Set(sub, command, changed);
    if (error != 0)
    {
        engine->FinishCmeError(error);
        return;
    }
    m_contexts[id] = changed;
    NS_LOG_INFO("SSL ID " << id << ": " << sub << " = " << Format(sub, changed));
    engine->FinishOk();
}

std::string
OneMoSslCommands::BuildTlsConfig(Ptr<LpwaModule> module,
                                 const OneMoSslContextConfig& cfg,
                                 const std::string& host,
                                 TlsConfig& config,
                                 bool& suiteUnavailable)
{
    Ptr<OneMoCertificateCommands> store = module->GetCommandSet<OneMoCertificateCommands>();
    Ptr<ModuleFileSystem> fs = module->GetFileSystem();
    auto readCredential = [store, fs](const std::string& name, std::string& text)
    {
        if (name.empty())
        {
            return false;
        }
        if (store)
        {
            return store->GetContent(name, text);
        }
        std::vector<uint8_t> data;
        if (fs->Read(name, data) != ModuleFileSystem::Result::OK)
        {
            return false;
        }
        text.assign(data.begin(), data.end());
        return true;
    };

    config = TlsConfig();
    config.role = TlsConfig::Role::CLIENT;
    config.securityLevelZero = true;
    switch (cfg.sslVersion)
    {
        case 0:
            config.minVersion = config.maxVersion = TlsConfig::Version::SSL_3_0;
            break;
        case 1:
            config.minVersion = config.maxVersion = TlsConfig::Version::TLS_1_0;
            break;
        case 2:
            config.minVersion = config.maxVersion = TlsConfig::Version::TLS_1_1;
            break;
        case 3:
            config.minVersion = config.maxVersion = TlsConfig::Version::TLS_1_2;
            break;
        default:
            config.minVersion = TlsConfig::Version::TLS_1_0;
            config.maxVersion = TlsConfig::Version::TLS_1_2;
            break;
    }

    suiteUnavailable = false;
    std::vector<uint16_t> ids;
    if (cfg.cipherSuite == 0)
    {
        ids = module->GetProfile().GetCipherSuites();
    }
    else
    {
        ids.push_back(cfg.cipherSuite);
    }
    for (uint16_t id : ids)
    {
        const CipherSuiteInfo* info = CipherSuiteTable::Find(id);
        if (info && info->available && info->openssl)
        {
            config.cipherList.emplace_back(info->openssl);
        }
    }
    if (cfg.cipherSuite != 0 && config.cipherList.empty())
    {
        suiteUnavailable = true;
    }

    if (cfg.certVerify >= 1)
    {
        if (!readCredential(cfg.serverCert, config.caPem))
        {
            return "CA certificate \"" + cfg.serverCert + "\" missing";
        }
        config.verify = cfg.ignoreVerify ? TlsConfig::Verify::NONE : TlsConfig::Verify::VERIFY_PEER;
    }
    if (cfg.certVerify == 2)
    {
        if (!readCredential(cfg.clientCert, config.certChainPem) ||
            !readCredential(cfg.clientKey, config.keyPem))
        {
            return "client certificate or key missing";
        }
    }
    in_addr literal;
    if (inet_pton(AF_INET, host.c_str(), &literal) != 1)
    {
        config.sniHostName = host;
    }
    config.ignoreValidityTime = cfg.ignoreStamp;
    Ptr<ModuleClock> clock = module->GetClock();
    config.timeSource = [clock]()
    {
        return clock->GetUnixTime();
    };
    config.sessionResumption = cfg.session;

    if (!cfg.pskId.empty() && module->GetProfile().IsSslPskSupported())
    {
        std::string psk;
        if (!readCredential(cfg.pskId, psk) || psk.empty())
        {
            return "PSK \"" + cfg.pskId + "\" missing";
        }
        const bool hex = psk.size() % 2 == 0 &&
                         std::all_of(psk.begin(),
                                     psk.end(),
                                     [](char ch)
                                     {
                                         return std::isxdigit(static_cast<unsigned char>(ch));
                                     });
        config.pskIdentity = cfg.pskId;
        config.pskKey =
            hex ? TlsConfig::HexToBytes(psk) : std::vector<uint8_t>(psk.begin(), psk.end());
    }
    return "";
}

} // namespace lpwa
} // namespace ns3
