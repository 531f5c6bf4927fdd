/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cellular-registration.h"

#include "lpwa-module.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaCellularRegistration");
NS_OBJECT_ENSURE_REGISTERED(CellularRegistration);

TypeId
CellularRegistration::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::CellularRegistration")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<CellularRegistration>()
            .AddAttribute("RegistrationTime",
                          "Stand-in for the radio model: time after the start of the simulation "
                          "when the module registers (+CEREG stat 1) and attaches to packet "
                          "service by itself.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CellularRegistration::m_registrationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachTime",
                          "Stand-in: time AT+CGATT=1 takes to attach when detached.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CellularRegistration::m_attachTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AccessTechnology",
                          "<AcT> reported by +CEREG with <n>=2 (7 E-UTRAN, 8 E-UTRAN eMTC, "
                          "9 E-UTRAN NB-S1).",
                          UintegerValue(7),
                          MakeUintegerAccessor(&CellularRegistration::m_accessTechnology),
                          MakeUintegerChecker<uint8_t>(0, 9));
    return tid;
}

CellularRegistration::CellularRegistration()
{
    NS_LOG_FUNCTION(this);
}

CellularRegistration::~CellularRegistration()
{
    NS_LOG_FUNCTION(this);
}

void
CellularRegistration::DoDispose()
{
    m_registrationEvent.Cancel();
    for (auto& e : m_pending)
    {
        e.Cancel();
    }
    m_pending.clear();
    m_onDetach = nullptr;
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

std::string
CellularRegistration::ToText(Ipv4Address address)
{
    std::ostringstream os;
    address.Print(os);
    return os.str();
}

void
CellularRegistration::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg =
        [this, e](const std::string& name, void (CellularRegistration::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+CGATT", &CellularRegistration::Cgatt);
    reg("+CEREG", &CellularRegistration::Cereg);
    reg("+CGPADDR", &CellularRegistration::Cgpaddr);
    const Time now = Simulator::Now();
    m_registrationEvent =
        Simulator::Schedule(m_registrationTime > now ? m_registrationTime - now : Time(0),
                            &CellularRegistration::Register,
                            this);
}

void
CellularRegistration::SetDetachCallback(std::function<void()> cb)
{
    m_onDetach = std::move(cb);
}

void
CellularRegistration::Register()
{
    NS_LOG_FUNCTION(this);
    if (m_registered || !m_radioEnabled)
    {
        return;
    }
    m_registered = true;
    m_attached = true;
    if (m_ceregMode >= 1)
    {
        m_module->GetAtEngine()->SendUrc("+CEREG: " + CeregLine());
    }
}

void
CellularRegistration::SetRadioEnabled(bool enabled)
{
    NS_LOG_FUNCTION(this << enabled);
    if (enabled == m_radioEnabled)
    {
        return;
    }
    m_radioEnabled = enabled;
    m_registrationEvent.Cancel();
    if (enabled)
    {
        m_registrationEvent =
            Simulator::Schedule(m_registrationTime, &CellularRegistration::Register, this);
        return;
    }
    if (m_onDetach)
    {
        m_onDetach();
    }
    m_attached = false;
    if (m_registered)
    {
        m_registered = false;
        if (m_ceregMode >= 1)
        {
            m_module->GetAtEngine()->SendUrc("+CEREG: " + CeregLine());
        }
    }
}

bool
CellularRegistration::IsRadioEnabled() const
{
    return m_radioEnabled;
}

bool
CellularRegistration::IsRegistered() const
{
    return m_registered;
}

bool
CellularRegistration::IsAttached() const
{
    return m_attached;
}

std::string
CellularRegistration::CeregLine() const
{
    // <stat>: 1 registered (home), 2 searching, 0 not searching (radio off). With <n>=2 fixed
    // stand-in location values.
    std::string line = m_registered ? "1" : (m_radioEnabled ? "2" : "0");
    if (m_ceregMode == 2 && m_registered)
    {
        line += ",\"0001\",\"01A2D001\"," + std::to_string(m_accessTechnology);
    }
    return line;
}

Ipv4Address
CellularRegistration::GetNodeAddress() const
{
    if (!m_module || !m_module->GetNode())
    {
        return Ipv4Address("0.0.0.0");
    }
    Ptr<Ipv4> ipv4 = m_module->GetNode()->GetObject<Ipv4>();
    if (!ipv4 || ipv4->GetNInterfaces() < 2 || ipv4->GetNAddresses(1) == 0)
    {
        return Ipv4Address("0.0.0.0");
    }
    return ipv4->GetAddress(1, 0).GetLocal();
}

Ipv4Address
CellularRegistration::GetPdpAddress(uint32_t cid) const
{
    PdpContext* pdp = m_module ? m_module->GetPdpContext(cid) : nullptr;
    if (!pdp || !pdp->IsActive())
    {
        return Ipv4Address("0.0.0.0");
    }
    return pdp->GetAddress();
}

std::string
CellularRegistration::CidRange() const
{
    const ModuleProfile& prof = m_module->GetProfile();
    return "(" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
           std::to_string(prof.GetPdpContextIdMax()) + ")";
}

void
CellularRegistration::Cgatt(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t state;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGATT: (0,1)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo(std::string("+CGATT: ") + (m_attached ? "1" : "0"));
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(state, 0, 1))
    {
        e->FinishError();
        return;
    }
    if (state == 0)
    {
        if (m_onDetach)
        {
            m_onDetach();
        }
        m_attached = false;
        e->FinishOk();
        return;
    }
    if (m_attached)
    {
        e->FinishOk();
        return;
    }
    m_pending.push_back(Simulator::Schedule(m_attachTime,
                                            [this, e]()
                                            {
                                                if (!m_registered)
                                                {
                                                    e->FinishCmeError(30); // no network service
                                                    return;
                                                }
                                                m_attached = true;
                                                e->FinishOk();
                                            }));
}

void
CellularRegistration::Cereg(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t n;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CEREG: (0-2)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo("+CEREG: " + std::to_string(m_ceregMode) + "," + CeregLine());
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(n, 0, 2))
    {
        e->FinishError();
        return;
    }
    m_ceregMode = static_cast<uint8_t>(n);
    e->FinishOk();
}

void
CellularRegistration::Cgpaddr(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGPADDR: " + CidRange());
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::EXECUTE)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            if (m_module->GetPdpContext(cid)->IsActive())
            {
                e->SendInfo("+CGPADDR: " + std::to_string(cid) + ",\"" +
                            ToText(GetPdpAddress(cid)) + "\"");
            }
        }
        e->FinishOk();
        return;
    }
    int64_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(cid, prof.GetPdpContextIdMin(), prof.GetPdpContextIdMax()))
    {
        e->FinishError();
        return;
    }
    e->SendInfo("+CGPADDR: " + std::to_string(cid) + ",\"" +
                ToText(GetPdpAddress(static_cast<uint32_t>(cid))) + "\"");
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
