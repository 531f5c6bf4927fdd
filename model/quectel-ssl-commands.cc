/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-ssl-commands.h"

#include "at-engine.h"
#include "cipher-suite-table.h"
#include "lpwa-module.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <openssl/evp.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelSslCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelSslCommands);

namespace
{

/// How a sub-command's value is typed.
enum class ValueKind
{
    INTEGER, //!< unquoted decimal in [min, max]
    HEX,     //!< unquoted `0X....` cipher suite
    PATH     //!< quoted string
};

/// One `AT+QSSLCFG` sub-command.
struct SubCommand
{
    const char* name; //!< the sub-command, as typed (lower case)
    ValueKind kind;   //!< value kind
    int64_t min;      //!< smallest integer
    int64_t max;      //!< largest integer
    bool list;        //!< test command prints `(min,max)` (a list) instead of `(min-max)`
    const char* path; //!< test command text of a PATH value
    /// Read the value as printed by a query.
    std::function<std::string(const QuectelSslContextConfig&)> get;
    /// Store an integer value (INTEGER and HEX) or a string (PATH).
    std::function<void(QuectelSslContextConfig&, int64_t, const std::string&)> set;
};

/// The sub-commands, in the order of the manual's test-command listing.
const std::vector<SubCommand>&
SubCommands()
{
    using C = QuectelSslContextConfig;
    static const std::vector<SubCommand> table = {
        {"sslversion",
         ValueKind::INTEGER,
         0,
         4,
         false,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.sslVersion);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.sslVersion = static_cast<uint8_t>(v);
         }},
        {"ciphersuite",
         ValueKind::HEX,
         0,
         0xFFFF,
         false,
         nullptr,
         [](const C& c)
         {
             return CipherSuiteTable::FormatQuectelId(c.cipherSuite);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.cipherSuite = static_cast<uint16_t>(v);
         }},
        {"cacert",
         ValueKind::PATH,
         0,
         0,
         false,
         "<cacertpath>",
         [](const C& c)
         {
             return "\"" + c.caCert + "\"";
         },
         [](C& c, int64_t, const std::string& s)
         {
             c.caCert = s;
         }},
        {"clientcert",
         ValueKind::PATH,
         0,
         0,
         false,
         "<clientcertpath>",
         [](const C& c)
         {
             return "\"" + c.clientCert + "\"";
         },
         [](C& c, int64_t, const std::string& s)
         {
             c.clientCert = s;
         }},
        {"clientkey",
         ValueKind::PATH,
         0,
         0,
         false,
         "<clientkeypath>",
         [](const C& c)
         {
             return "\"" + c.clientKey + "\"";
         },
         [](C& c, int64_t, const std::string& s)
         {
             c.clientKey = s;
         }},
        {"seclevel",
         ValueKind::INTEGER,
         0,
         2,
         false,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.secLevel);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.secLevel = static_cast<uint8_t>(v);
         }},
        {"session",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.session ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.session = v != 0;
         }},
        {"sni",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.sni ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.sni = v != 0;
         }},
        {"checkhost",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.checkHost ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.checkHost = v != 0;
         }},
        {"ignorelocaltime",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.ignoreLocalTime ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.ignoreLocalTime = v != 0;
         }},
        {"negotiatetime",
         ValueKind::INTEGER,
         10,
         300,
         false,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.negotiateTime);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.negotiateTime = static_cast<uint16_t>(v);
         }},
        {"renegotiation",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.renegotiation ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.renegotiation = v != 0;
         }},
        {"dtls",
         ValueKind::INTEGER,
         0,
         1,
         true,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.dtls ? 1 : 0);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.dtls = v != 0;
         }},
        {"dtlsversion",
         ValueKind::INTEGER,
         0,
         2,
         false,
         nullptr,
         [](const C& c)
         {
             return std::to_string(c.dtlsVersion);
         },
         [](C& c, int64_t v, const std::string&)
         {
             c.dtlsVersion = static_cast<uint8_t>(v);
         }},
    };
    return table;
}

/// Largest `<input_data>` of AT+QSSLCRYPT, in bytes (section 2.3.7).
constexpr size_t MAX_CRYPT_INPUT = 256;

/**
 * Decode hex digits (either case) into bytes.
 * \param hex the digits
 * \param[out] out the bytes
 * \return false on an odd length or a non-hex character
 */
bool
FromHex(const std::string& hex, std::string& out)
{
    if (hex.size() % 2 != 0)
    {
        return false;
    }
    auto nibble = [](char c) -> int
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    };
    out.clear();
    for (size_t i = 0; i < hex.size(); i += 2)
    {
        int hi = nibble(hex[i]);
        int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0)
        {
            return false;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

} // namespace

TypeId
QuectelSslCommands::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelSslCommands")
                            .SetParent<AtCommandSet>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelSslCommands>();
    return tid;
}

QuectelSslCommands::QuectelSslCommands()
{
    NS_LOG_FUNCTION(this);
}

QuectelSslCommands::~QuectelSslCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelSslCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this << module);
    m_module = module;
    m_contexts.assign(module->GetProfile().GetSslContextCount(), QuectelSslContextConfig());
    Ptr<AtEngine> engine = module->GetAtEngine();
    engine->RegisterCommand("+QSSLCFG",
                            [this](const AtCommand& c)
                            {
                                HandleQsslcfg(c);
                            });
    engine->RegisterCommand("+QSSLCRYPT",
                            [this](const AtCommand& c)
                            {
                                HandleQsslcrypt(c);
                            });
}

void
QuectelSslCommands::PowerOff()
{
    // AT+QSSLCFG settings are not saved: a reset returns every context to its defaults.
    m_contexts.assign(m_contexts.size(), QuectelSslContextConfig());
}

void
QuectelSslCommands::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

const QuectelSslContextConfig&
QuectelSslCommands::GetContext(uint8_t id) const
{
    NS_ABORT_MSG_IF(id >= m_contexts.size(),
                    "QuectelSslCommands::GetContext: SSL context " << +id << " out of range");
    return m_contexts[id];
}

uint32_t
QuectelSslCommands::GetContextCount() const
{
    return static_cast<uint32_t>(m_contexts.size());
}

std::string
QuectelSslCommands::CipherSuiteList() const
{
    std::string list = "(";
    for (uint16_t id : m_module->GetProfile().GetCipherSuites())
    {
        list += CipherSuiteTable::FormatQuectelId(id) + ",";
    }
    return list + CipherSuiteTable::FormatQuectelId(0xFFFF) + ")";
}

void
QuectelSslCommands::HandleQsslcfg(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    const std::string ctxRange = "(0-" + std::to_string(m_contexts.size() - 1) + ")";
    if (command.GetForm() == AtCommand::TEST)
    {
        for (const auto& sub : SubCommands())
        {
            std::string values;
            switch (sub.kind)
            {
                case ValueKind::HEX:
                    values = CipherSuiteList();
                    break;
                case ValueKind::PATH:
                    values = sub.path;
                    break;
                case ValueKind::INTEGER:
                    values = "(" + std::to_string(sub.min) + (sub.list ? "," : "-") +
                             std::to_string(sub.max) + ")";
                    break;
            }
            engine->SendInfo("+QSSLCFG: \"" + std::string(sub.name) + "\"," + ctxRange + "," +
                             values);
        }
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE || command.GetParameterCount() < 2 ||
        command.GetParameterCount() > 3 || !command.GetParameter(0).IsString())
    {
        engine->FinishError();
        return;
    }
    std::string name = command.GetParameter(0).GetText();
    std::transform(name.begin(),
                   name.end(),
                   name.begin(),
                   [](unsigned char c)
                   {
                       return static_cast<char>(std::tolower(c));
                   });
    auto sub = std::find_if(SubCommands().begin(),
                            SubCommands().end(),
                            [&name](const auto& s)
                            {
                                return name == s.name;
                            });
    int64_t ctx = 0;
    if (sub == SubCommands().end() ||
        !command.GetParameter(1).GetInteger(ctx, 0, static_cast<int64_t>(m_contexts.size()) - 1))
    {
        engine->FinishError();
        return;
    }
    QuectelSslContextConfig& config = m_contexts[ctx];
    const AtParameter& value = command.GetParameter(2);
    if (value.IsOmitted())
    {
        engine->SendInfo("+QSSLCFG: \"" + std::string(sub->name) + "\"," + std::to_string(ctx) +
                         "," + sub->get(config));
        engine->FinishOk();
        return;
    }
    switch (sub->kind)
    {
        case ValueKind::INTEGER:
        {
            int64_t v = 0;
            if (!value.GetInteger(v, sub->min, sub->max))
            {
                engine->FinishError();
                return;
            }
            sub->set(config, v, "");
            break;
        }
        case ValueKind::HEX:
        {
            uint32_t v = 0;
            const auto& suites = m_module->GetProfile().GetCipherSuites();
            if (!value.GetHex(v, 0xFFFF) ||
                (v != 0xFFFF && std::find(suites.begin(), suites.end(), v) == suites.end()))
            {
                engine->FinishError();
                return;
            }
            sub->set(config, v, "");
            break;
        }
        case ValueKind::PATH:
            if (!value.IsString())
            {
                engine->FinishError();
                return;
            }
            sub->set(config, 0, value.GetText());
            break;
    }
    NS_LOG_INFO("SSL context " << ctx << ": " << sub->name << " = " << sub->get(config));
    engine->FinishOk();
}

void
QuectelSslCommands::HandleQsslcrypt(const AtCommand& command)
{
    NS_LOG_FUNCTION(this << command.GetText());
    Ptr<AtEngine> engine = m_module->GetAtEngine();
    if (command.GetForm() == AtCommand::TEST)
    {
        engine->SendInfo("+QSSLCRYPT: (\"AES\",\"MD5\"),<input_data>,(0,1),(0,1),<key>");
        engine->FinishOk();
        return;
    }
    if (command.GetForm() != AtCommand::WRITE || !command.GetParameter(0).IsString() ||
        !command.GetParameter(1).IsString())
    {
        engine->FinishError();
        return;
    }
    std::string algorithm = command.GetParameter(0).GetText();
    std::transform(algorithm.begin(),
                   algorithm.end(),
                   algorithm.begin(),
                   [](unsigned char c)
                   {
                       return static_cast<char>(std::toupper(c));
                   });
    const std::string& input = command.GetParameter(1).GetText();
    if (algorithm == "MD5" && command.GetParameterCount() == 2 && input.size() <= MAX_CRYPT_INPUT)
    {
        engine->SendInfo("+QSSLCRYPT: \"MD5\",\"" + ToHex(Md5(input)) + "\"");
        engine->FinishOk();
        return;
    }
    int64_t format = 0;
    int64_t mode = 0;
    std::string data;
    std::string output;
    if (algorithm != "AES" || command.GetParameterCount() != 5 ||
        !command.GetParameter(2).GetInteger(format, 0, 1) ||
        !command.GetParameter(3).GetInteger(mode, 0, 1) || !command.GetParameter(4).IsString())
    {
        engine->FinishError();
        return;
    }
    if (format == 1)
    {
        if (!FromHex(input, data))
        {
            engine->FinishError();
            return;
        }
    }
    else
    {
        data = input;
    }
    if (data.size() > MAX_CRYPT_INPUT ||
        !Aes128Cbc(data, command.GetParameter(4).GetText(), mode == 1, output))
    {
        engine->FinishError();
        return;
    }
    engine->SendInfo("+QSSLCRYPT: \"AES\",\"" + ToHex(output) + "\"");
    engine->FinishOk();
}

bool
QuectelSslCommands::Aes128Cbc(const std::string& input,
                              const std::string& key,
                              bool encrypt,
                              std::string& output)
{
    if (key.size() != 16 || input.empty() || input.size() % 16 != 0)
    {
        return false;
    }
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                        &EVP_CIPHER_CTX_free);
    const unsigned char iv[16] = {};
    std::vector<unsigned char> out(input.size() + 16);
    int len = 0;
    int total = 0;
    if (!ctx ||
        EVP_CipherInit_ex(ctx.get(),
                          EVP_aes_128_cbc(),
                          nullptr,
                          reinterpret_cast<const unsigned char*>(key.data()),
                          iv,
                          encrypt ? 1 : 0) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
        EVP_CipherUpdate(ctx.get(),
                         out.data(),
                         &len,
                         reinterpret_cast<const unsigned char*>(input.data()),
                         static_cast<int>(input.size())) != 1)
    {
        return false;
    }
    total = len;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + total, &len) != 1)
    {
        return false;
    }
    total += len;
    output.assign(reinterpret_cast<const char*>(out.data()), total);
    return true;
}

std::string
QuectelSslCommands::Md5(const std::string& input)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &len, EVP_md5(), nullptr) != 1)
    {
        NS_FATAL_ERROR("QuectelSslCommands::Md5: OpenSSL EVP_Digest(MD5) failed");
    }
    return std::string(reinterpret_cast<const char*>(digest), len);
}

std::string
QuectelSslCommands::ToHex(const std::string& bytes)
{
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char b : bytes)
    {
        hex.push_back(digits[b >> 4]);
        hex.push_back(digits[b & 0x0F]);
    }
    return hex;
}

} // namespace lpwa
} // namespace ns3
