/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-data-path.h"

#include "lpwa-module.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelDataPath");
NS_OBJECT_ENSURE_REGISTERED(QuectelDataPath);

TypeId
QuectelDataPath::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::QuectelDataPath")
                            .SetParent<Object>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<QuectelDataPath>();
    return tid;
}

QuectelDataPath::QuectelDataPath()
{
    NS_LOG_FUNCTION(this);
}

QuectelDataPath::~QuectelDataPath()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelDataPath::DoDispose()
{
    m_online = nullptr;
    m_lastOnline = nullptr;
    m_module = nullptr;
    Object::DoDispose();
}

void
QuectelDataPath::ApplyTcpIpConfig(Ptr<LpwaModule> module, Ptr<ModuleSocket> socket)
{
    const LpwaModule::TcpIpConfig& cfg = module->GetTcpIpConfig();
    socket->SetAttribute("TcpMaxRetransmissions", UintegerValue(cfg.maxBackoffs));
    socket->SetAttribute("TcpMaxRto", TimeValue(MilliSeconds(100) * int64_t(cfg.maxRto)));
    if (cfg.transPktSize >= 0)
    {
        socket->SetAttribute("TransparentPacketSize", UintegerValue(cfg.transPktSize));
    }
    if (cfg.transWaitTm >= 0)
    {
        socket->SetAttribute("TransparentWaitTime",
                             TimeValue(MilliSeconds(100) * int64_t(cfg.transWaitTm)));
    }
}

void
QuectelDataPath::Install(Ptr<LpwaModule> module)
{
    m_module = module;
    module->GetAtEngine()->SetOnlineHandler(
        [this]()
        {
            return ResumeOnline();
        });
}

void
QuectelDataPath::OnReceive(Ptr<ModuleSocket> s, const std::string& urc, bool wasEmpty)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const std::string id = std::to_string(s->GetConnectId());
    if (m_online == s)
    {
        e->TransparentOutput(s->Read(s->GetUnread()));
        return;
    }
    switch (s->GetAccessMode())
    {
        case ModuleSocket::DIRECT_PUSH:
        {
            const uint32_t chunk = m_module->GetProfile().GetMaxReadLength();
            while (s->GetUnread() > 0)
            {
                const std::string data = s->Read(chunk);
                e->SendUrcWithData(urc + ": \"recv\"," + id + "," + std::to_string(data.size()),
                                   data);
            }
            break;
        }
        case ModuleSocket::TRANSPARENT:
            break; // waiting for CONNECT: the data is output when transparent mode starts
        default:
            if (wasEmpty)
            {
                e->SendUrc(urc + ": \"recv\"," + id);
            }
            break;
    }
}

void
QuectelDataPath::BeginSend(Ptr<ModuleSocket> s, int64_t length)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    Ptr<LpwaModule> module = m_module;
    auto done = [module, e, s](AtEngine::InputEnd end, const std::string& data)
    {
        switch (end)
        {
            case AtEngine::INPUT_SEND:
                if (!data.empty() && s->Send(data))
                {
                    module->SetLastError(0);
                    e->FinishResult("SEND OK");
                }
                else
                {
                    module->SetLastError(558); // socket write failed
                    e->FinishResult("SEND FAIL");
                }
                break;
            case AtEngine::INPUT_CANCEL:
                module->SetLastError(571); // cancel send
                e->FinishOk();
                break;
            default:
                module->SetLastError(552); // invalid parameter
                e->FinishError();
                break;
        }
    };
    if (length < 0)
    {
        e->BeginPromptInput(m_module->GetProfile().GetMaxSendLength(), done);
    }
    else
    {
        e->BeginFixedInput(static_cast<uint32_t>(length), done);
    }
}

void
QuectelDataPath::Read(Ptr<ModuleSocket> s, const std::string& prefix, uint32_t length)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (length == 0)
    {
        e->SendInfo(prefix + ": " + std::to_string(s->GetTotalReceived()) + "," +
                    std::to_string(s->GetTotalRead()) + "," + std::to_string(s->GetUnread()));
        e->FinishOk();
        return;
    }
    const std::string data = s->Read(length);
    e->SendInfo(prefix + ": " + std::to_string(data.size()));
    if (!data.empty())
    {
        e->SendInfoRaw(data + "\r\n");
    }
    e->FinishOk();
}

void
QuectelDataPath::EnterTransparent(Ptr<ModuleSocket> s)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    s->SetAccessMode(ModuleSocket::TRANSPARENT);
    m_online = s;
    m_lastOnline = s;
    AtEngine::TransparentHooks hooks;
    hooks.toNetwork = [s](const std::string& bytes)
    {
        s->WriteStream(bytes);
    };
    hooks.onEscape = [this, s]()
    {
        s->FlushStream();
        s->SetAccessMode(ModuleSocket::BUFFER);
        m_online = nullptr;
    };
    e->BeginTransparent(hooks);
    if (s->GetUnread() > 0)
    {
        e->TransparentOutput(s->Read(s->GetUnread()));
    }
}

bool
QuectelDataPath::IsOnline(Ptr<ModuleSocket> s) const
{
    return m_online && m_online == s;
}

bool
QuectelDataPath::ResumeOnline()
{
    if (!m_lastOnline || m_lastOnline->GetState() != ModuleSocket::CONNECTED)
    {
        return false;
    }
    EnterTransparent(m_lastOnline);
    return true;
}

void
QuectelDataPath::ConnectionLost(Ptr<ModuleSocket> s, const std::string& urc, bool abortConnection)
{
    s->MarkClosing(abortConnection);
    if (m_online == s)
    {
        m_online = nullptr;
        m_lastOnline = nullptr;
        s->SetAccessMode(ModuleSocket::BUFFER);
        m_module->GetAtEngine()->EndTransparentNoCarrier();
        return;
    }
    m_module->GetAtEngine()->SendUrc(urc + ": \"closed\"," + std::to_string(s->GetConnectId()));
}

void
QuectelDataPath::Forget(Ptr<ModuleSocket> s)
{
    if (m_lastOnline == s)
    {
        m_lastOnline = nullptr;
    }
}

std::string
QuectelDataPath::StateFields(Ptr<ModuleSocket> s, const std::string& service, int state)
{
    std::ostringstream os;
    os << s->GetConnectId() << ",\"" << service << "\",\"";
    s->GetRemoteAddress().Print(os);
    os << "\"," << s->GetRemotePort() << "," << s->GetLocalPort() << "," << state << ","
       << s->GetContextId() << "," << s->GetConnectId() << ","
       << static_cast<int>(s->GetAccessMode()) << ",\"uart1\"";
    return os.str();
}

} // namespace lpwa
} // namespace ns3
