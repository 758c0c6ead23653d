// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {TrieProof} from "@openzeppelin/contracts/utils/cryptography/TrieProof.sol";
import {RLP} from "@openzeppelin/contracts/utils/RLP.sol";
import {Memory} from "@openzeppelin/contracts/utils/Memory.sol";
import {Registry} from "./Registry.sol";
import {RollupInbox} from "./RollupInbox.sol";

/// @title PreconfSlasher
/// @notice Takes an operator's collateral when a signed inclusion promise is broken. Anyone
/// holding a promise opens a challenge with a bond after the slot is final; the operator
/// defends by proving inclusion in that slot's L1 block, in the rollup block it posted in that
/// slot, or that the sender spent the nonce before the slot. Without a defence in the window,
/// the promised penalty goes to the sender and the challenger gets the bond and a reward.
contract PreconfSlasher {
    using RLP for bytes;
    using RLP for Memory.Slice;
    using Memory for Memory.Slice;

    /// @notice The signed promise; the EIP-712 type string is INCLUSION_TYPEHASH's preimage.
    struct InclusionCommitment {
        uint64 slot;
        uint256 chainId; // L1 or a rollup chain id
        bytes32 txHash;
        address sender; // the wallet the penalty is owed to
        uint64 nonce; // the tx's nonce
        address committer;
        uint64 seq;
        uint256 penalty; // wei
    }

    /// @notice An earlier promise of the challenged one's sender in the same slot, as
    /// defendBalanceRun cites it: the signed commitment and its tx in canonical encoding.
    struct Promised {
        InclusionCommitment commitment;
        bytes signature;
        bytes rawTx;
    }

    /// @notice Timing and money parameters, fixed at deployment.
    struct Config {
        uint256 genesisTime; // L1 beacon genesis, seconds
        uint256 secondsPerSlot;
        uint256 finalityDelay; // seconds after the slot before a challenge may open
        uint256 challengeWindow; // seconds after finalityDelay during which a challenge may open
        uint256 defenceWindow; // seconds the operator has to defend an open challenge
        uint256 notice; // promises for slots up to this long after an unregistration request stay backed
        uint256 bond; // wei a challenger posts
        uint256 rewardBps; // challenger reward, in basis points of the penalty, taken from collateral
        uint256 livenessBps; // share of the penalty taken for a missed slot, in basis points
    }

    enum Status {
        None,
        Open,
        Defended,
        Slashed
    }

    struct Challenge {
        address challenger;
        uint64 openedAt;
        Status status;
        bool missed; // the slot had no L1 block: a liveness fault
        address owner; // the operator
        uint256 locked; // collateral reserved for this challenge
    }

    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 public constant INCLUSION_TYPEHASH = keccak256(
        "InclusionCommitment(uint64 slot,uint256 chainId,bytes32 txHash,address sender,uint64 nonce,address committer,uint64 seq,uint256 penalty)"
    );
    /// @notice EIP-2935 block hash history and EIP-4788 beacon roots system contracts.
    address public constant HISTORY = 0x0000F90827F1C53a10cb7A02335B175320002935;
    address public constant BEACON_ROOTS = 0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02;
    uint256 public constant HISTORY_SIZE = 8191;

    Registry public immutable registry;
    RollupInbox public immutable inbox;
    uint256 public immutable genesisTime;
    uint256 public immutable secondsPerSlot;
    uint256 public immutable finalityDelay;
    uint256 public immutable challengeWindow;
    uint256 public immutable defenceWindow;
    uint256 public immutable notice;
    uint256 public immutable bond;
    uint256 public immutable rewardBps;
    uint256 public immutable livenessBps;

    mapping(bytes32 digest => Challenge) public challenges;
    /// @notice Wei each account can claim (bonds, penalties, rewards).
    mapping(address => uint256) public claimable;

    event ChallengeOpened(bytes32 indexed digest, address indexed owner, address challenger, uint64 slot, bool missed);
    event ChallengeDefended(bytes32 indexed digest, address indexed owner, uint8 defence);
    event Slashed(bytes32 indexed digest, address indexed owner, address sender, uint256 toSender, uint256 toChallenger);
    event Claimed(address indexed account, uint256 amount);

    error BadConfig();
    error BadBond(uint256 got, uint256 want);
    error BadSignature();
    error UnknownCommitter(address committer);
    error NotBacked(uint64 slot);
    error TooEarly(uint256 now_, uint256 from);
    error TooLate(uint256 now_, uint256 until);
    error UnknownChain(uint256 chainId);
    error AlreadyChallenged(bytes32 digest);
    error NotOpen(bytes32 digest);
    error WrongChain(uint256 chainId);
    error WrongSlotTime(uint256 timestamp, uint256 want);
    error UnknownBlock(uint256 number);
    error TxMismatch(bytes32 got, bytes32 want);
    error NonceNotSpent(uint256 accountNonce, uint64 nonce);
    error BatchMismatch(bytes32 got, bytes32 want);
    error NotParent(bytes32 got, bytes32 want);
    error BalanceCovers(uint256 balance, uint256 cost);
    error BadTx();
    error NotSameRun(uint256 index);
    error NonceGap(uint256 index, uint256 nonce, uint256 want);
    error TxSender(uint256 index, address got);
    error NotInRoot();
    error NothingToClaim();
    error TransferFailed();

    constructor(Registry registry_, RollupInbox inbox_, Config memory c) {
        // A challenge must be resolved while the slot's block hash and beacon root are still
        // on chain (8191 entries, at most one block per slot), and before collateral of an
        // unregistering operator is released.
        uint256 lifetime = c.finalityDelay + c.challengeWindow + c.defenceWindow;
        if (
            c.secondsPerSlot == 0 || lifetime >= HISTORY_SIZE * c.secondsPerSlot
                || c.notice + lifetime > registry_.unregistrationDelay() || c.livenessBps > 10_000
                || c.finalityDelay == 0
        ) revert BadConfig();
        registry = registry_;
        inbox = inbox_;
        genesisTime = c.genesisTime;
        secondsPerSlot = c.secondsPerSlot;
        finalityDelay = c.finalityDelay;
        challengeWindow = c.challengeWindow;
        defenceWindow = c.defenceWindow;
        notice = c.notice;
        bond = c.bond;
        rewardBps = c.rewardBps;
        livenessBps = c.livenessBps;
    }

    // --- promises ---

    /// @notice The EIP-712 domain separator (name "based", version "1", this chain, this contract).
    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("based"), keccak256("1"), block.chainid, address(this)));
    }

    /// @notice The EIP-712 digest a committer signs for c.
    function digest(InclusionCommitment calldata c) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                INCLUSION_TYPEHASH, c.slot, c.chainId, c.txHash, c.sender, c.nonce, c.committer, c.seq, c.penalty
            )
        );
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    /// @notice Checks that signature (r ‖ s ‖ v, v in {27, 28}, low s) is c.committer's over c,
    /// and that the committer is registered; returns the digest and the operator.
    function verify(InclusionCommitment calldata c, bytes calldata signature)
        public
        view
        returns (bytes32 d, address owner)
    {
        d = digest(c);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(d, signature);
        if (err != ECDSA.RecoverError.NoError || signer != c.committer) revert BadSignature();
        (owner,,,) = registry.operatorOfCommitter(c.committer);
        if (owner == address(0)) revert UnknownCommitter(c.committer);
    }

    /// @notice The start of a slot.
    function slotTime(uint64 slot) public view returns (uint256) {
        return genesisTime + uint256(slot) * secondsPerSlot;
    }

    // --- challenge ---

    /// @notice Opens a challenge against a signed promise, posting the bond. Allowed from
    /// finalityDelay after the slot for challengeWindow seconds, once per promise.
    function openChallenge(InclusionCommitment calldata c, bytes calldata signature) external payable returns (bytes32) {
        if (msg.value != bond) revert BadBond(msg.value, bond);
        (bytes32 d, address owner) = verify(c, signature);
        if (challenges[d].status != Status.None) revert AlreadyChallenged(d);

        uint256 t = slotTime(c.slot);
        (,,, uint64 leaving) = registry.operatorOfCommitter(c.committer);
        if (leaving != 0 && t >= uint256(leaving) + notice) revert NotBacked(c.slot);
        if (block.timestamp < t + finalityDelay) revert TooEarly(block.timestamp, t + finalityDelay);
        if (block.timestamp > t + finalityDelay + challengeWindow) {
            revert TooLate(block.timestamp, t + finalityDelay + challengeWindow);
        }
        if (c.chainId != block.chainid && !inbox.isRollup(c.chainId)) revert UnknownChain(c.chainId);

        bool missed = !_blockAt(t);
        uint256 owed = _owed(c.penalty, missed);
        uint256 locked = registry.lock(owner, owed + owed * rewardBps / 10_000);
        challenges[d] = Challenge({
            challenger: msg.sender,
            openedAt: uint64(block.timestamp),
            status: Status.Open,
            missed: missed,
            owner: owner,
            locked: locked
        });
        emit ChallengeOpened(d, owner, msg.sender, c.slot, missed);
        return d;
    }

    /// @notice L1 defence: the RLP header of the block of c.slot (its hash is checked against
    /// the chain's block hash history) and a transactions-trie proof of c.txHash at txIndex.
    function defendL1(
        InclusionCommitment calldata c,
        bytes calldata header,
        uint256 txIndex,
        bytes[] calldata proof
    ) external {
        if (c.chainId != block.chainid) revert WrongChain(c.chainId);
        (bytes32 d, Challenge storage ch) = _open(c);
        Memory.Slice[] memory h = _header(header);
        uint256 ts = h[11].readUint256();
        if (ts != slotTime(c.slot)) revert WrongSlotTime(ts, slotTime(c.slot));
        bytes memory value = TrieProof.traverse(h[4].readBytes32(), _rlpUint(txIndex), proof);
        if (keccak256(value) != c.txHash) revert TxMismatch(keccak256(value), c.txHash);
        _defended(d, ch, 1);
    }

    /// @notice Void defence: a block before c.slot and an account proof against its state root
    /// showing the sender's nonce already beyond c.nonce, so the tx could never be included.
    function defendVoid(InclusionCommitment calldata c, bytes calldata header, bytes[] calldata accountProof)
        external
    {
        (bytes32 d, Challenge storage ch) = _open(c);
        if (c.chainId != block.chainid) revert WrongChain(c.chainId);
        Memory.Slice[] memory h = _header(header);
        uint256 ts = h[11].readUint256();
        if (ts >= slotTime(c.slot)) revert WrongSlotTime(ts, slotTime(c.slot));
        bytes memory account = TrieProof.traverse(
            h[3].readBytes32(), abi.encodePacked(keccak256(abi.encodePacked(c.sender))), accountProof
        );
        uint256 accountNonce = account.decodeList()[0].readUint256();
        if (accountNonce <= c.nonce) revert NonceNotSpent(accountNonce, c.nonce);
        _defended(d, ch, 2);
    }

    /// @notice Balance defence: the header of c.slot's block (hash checked against the chain's
    /// history, timestamp exactly the slot's), its parent header, an account proof against the
    /// parent's state root, and the promised tx itself (its canonical encoding, whose keccak is
    /// c.txHash). When the sender's balance right before the slot's block is below the tx's max
    /// cost (value + gas × max fee + blob gas × max blob fee, what a block requires up front), no
    /// block of the slot could include it: the sender moved its funds after the promise.
    function defendBalance(
        InclusionCommitment calldata c,
        bytes calldata header,
        bytes calldata parentHeader,
        bytes[] calldata accountProof,
        bytes calldata rawTx
    ) external {
        (bytes32 d, Challenge storage ch) = _open(c);
        if (c.chainId != block.chainid) revert WrongChain(c.chainId);
        if (keccak256(rawTx) != c.txHash) revert TxMismatch(keccak256(rawTx), c.txHash);
        (, uint256 balance) = _accountBefore(c, header, parentHeader, accountProof);
        uint256 cost = txCost(rawTx);
        if (balance >= cost) revert BalanceCovers(balance, cost);
        _defended(d, ch, 4);
    }

    /// @notice Balance defence counting the sender's earlier promises of the slot. Takes what
    /// defendBalance takes and the promises this operator made to the same sender for the same
    /// slot at the nonces between the sender's nonce in the parent state and c.nonce: each one's
    /// commitment (signed by c.committer, same slot, L1, same sender), signature and raw tx.
    /// Each raw tx must hash to its commitment's txHash, carry its nonce and the L1 chain id,
    /// and be signed by c.sender (recovered here from the tx's own signature, so that only txs
    /// the sender itself signed count). The nonces must run without a gap from the account's
    /// nonce in the parent state (read from the same account proof) to c.nonce − 1, and the
    /// challenged tx must carry c.nonce. The defence holds when the sender's balance in the
    /// parent state is below the max cost of the earlier txs and the challenged one together:
    /// the challenged tx can execute only after those (nonce order), and every one of them
    /// must be able to pay its max cost up front. With no earlier promise it is defendBalance.
    /// @dev Why the shortfall is the sender's doing: the sidecar promises only while the
    /// balance covers the max cost of all the sender's open promises, and an account without
    /// code (delegated senders are refused at request time) loses balance only through its own
    /// txs, each of which moves its nonce. What remains: a tx's max cost overstates what it
    /// spends (gas used × effective price), so the defence also holds in the rare block where
    /// the earlier txs spend less than their max and the challenged one would still have fit;
    /// it errs toward the operator only when the sender itself moved its balance below the
    /// promised total. The commitments cited are the operator's own signatures, so they prove
    /// nothing about what the sender holds; what binds the run to the sender is its own tx
    /// signatures, for this chain only (a legacy tx without EIP-155 chain id, replayable on any
    /// chain, is refused). A sender that signs a second tx at one of these nonces (a
    /// replacement that never landed) gives the operator a tx it may cite instead of the
    /// promised one; a sender that signs only its promised txs cannot be cited otherwise.
    function defendBalanceRun(
        InclusionCommitment calldata c,
        bytes calldata header,
        bytes calldata parentHeader,
        bytes[] calldata accountProof,
        bytes calldata rawTx,
        Promised[] calldata earlier
    ) external {
        if (c.chainId != block.chainid) revert WrongChain(c.chainId);
        if (keccak256(rawTx) != c.txHash) revert TxMismatch(keccak256(rawTx), c.txHash);
        (uint256 balance, uint256 cost) = _runBalance(c, header, parentHeader, accountProof, rawTx, earlier);
        if (balance >= cost) revert BalanceCovers(balance, cost);
        (bytes32 d, Challenge storage ch) = _open(c);
        _defended(d, ch, 5);
    }

    /// @dev defendBalanceRun's balance in the parent state and the run's max cost.
    function _runBalance(
        InclusionCommitment calldata c,
        bytes calldata header,
        bytes calldata parentHeader,
        bytes[] calldata accountProof,
        bytes calldata rawTx,
        Promised[] calldata earlier
    ) internal view returns (uint256 balance, uint256 cost) {
        uint256 accountNonce;
        (accountNonce, balance) = _accountBefore(c, header, parentHeader, accountProof);
        cost = earlier.length == 0 ? txCost(rawTx) : _runCost(c, rawTx, earlier, accountNonce);
    }

    /// @dev The max cost of the earlier txs and the challenged one, after checking that their
    /// nonces run from want (the account's nonce) to c.nonce without a gap.
    function _runCost(InclusionCommitment calldata c, bytes calldata rawTx, Promised[] calldata earlier, uint256 want)
        internal
        view
        returns (uint256 cost)
    {
        for (uint256 i = 0; i < earlier.length; i++) {
            (uint256 n, uint256 ci) = _earlier(c, earlier[i], i);
            if (n != want) revert NonceGap(i, n, want);
            cost = _add(cost, ci);
            want = n + 1;
        }
        (uint256 last, uint256 own, address from) = _txSigned(rawTx);
        if (last != want || c.nonce != want) revert NonceGap(earlier.length, last, want);
        if (from != c.sender) revert TxSender(earlier.length, from);
        cost = _add(cost, own);
    }

    /// @dev Checks one earlier promise of defendBalanceRun against c; returns its tx's nonce and max cost.
    function _earlier(InclusionCommitment calldata c, Promised calldata e, uint256 i)
        internal
        view
        returns (uint256 nonce, uint256 cost)
    {
        InclusionCommitment calldata p = e.commitment;
        if (p.committer != c.committer || p.slot != c.slot || p.chainId != block.chainid || p.sender != c.sender) {
            revert NotSameRun(i);
        }
        verify(p, e.signature);
        if (keccak256(e.rawTx) != p.txHash) revert TxMismatch(keccak256(e.rawTx), p.txHash);
        address from;
        (nonce, cost, from) = _txSigned(e.rawTx);
        if (nonce != p.nonce) revert NonceGap(i, nonce, p.nonce);
        if (from != c.sender) revert TxSender(i, from);
    }

    /// @notice The nonce, max cost and signer of a transaction in its canonical encoding
    /// (EIP-155 legacy, EIP-2930, 1559, 4844 without its blobs, 7702) for this chain: the
    /// signer is recovered from the tx's signature over its signing hash. Refuses a tx for
    /// another chain or without a chain id, a y parity or v out of range and a high s.
    function txSender(bytes calldata raw) external view returns (uint256 nonce, uint256 cost, address from) {
        return _txSigned(raw);
    }

    /// @dev See txSender.
    function _txSigned(bytes calldata raw) internal view returns (uint256 nonce, uint256 cost, address from) {
        (uint8 typ, Memory.Slice body, Memory.Slice[] memory f) = _txFields(raw);
        cost = _costOf(typ, f);
        bytes32 h;
        uint256 v;
        uint256 n = f.length;
        if (typ >= 0xc0) {
            // EIP-155: keccak(rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])).
            nonce = f[0].readUint256();
            uint256 ev = f[6].readUint256();
            if (ev < 35 || (ev - 35) / 2 != block.chainid) revert BadTx();
            v = (ev - 35) % 2;
            bytes[] memory parts = new bytes[](4);
            parts[0] = _span(raw, 0, body, f[0], f[5]);
            parts[1] = RLP.encode(block.chainid);
            parts[2] = hex"80";
            parts[3] = hex"80";
            h = keccak256(RLP.encode(parts));
        } else {
            // Typed: keccak(type ‖ rlp([the fields before y parity, r, s])).
            if (f[0].readUint256() != block.chainid) revert BadTx();
            nonce = f[1].readUint256();
            v = f[n - 3].readUint256();
            if (v > 1) revert BadTx();
            bytes[] memory parts = new bytes[](1);
            parts[0] = _span(raw, 1, body, f[0], f[n - 4]);
            h = keccak256(abi.encodePacked(typ, RLP.encode(parts)));
        }
        ECDSA.RecoverError err;
        (from, err,) = ECDSA.tryRecover(h, uint8(27 + v), f[n - 2].readBytes32(), f[n - 1].readBytes32());
        if (err != ECDSA.RecoverError.NoError) revert BadTx();
    }

    /// @dev The bytes of raw from field first to the end of field last, both decoded from body,
    /// the memory copy of raw[skip:]: the items of a list are contiguous in its encoding.
    function _span(bytes calldata raw, uint256 skip, Memory.Slice body, Memory.Slice first, Memory.Slice last)
        internal
        pure
        returns (bytes calldata)
    {
        uint256 base = _ptr(body);
        return raw[skip + _ptr(first) - base:skip + _ptr(last) + last.length() - base];
    }

    function _ptr(Memory.Slice x) internal pure returns (uint256) {
        return uint256(Memory.Slice.unwrap(x)) & type(uint128).max;
    }

    /// @dev The sender's nonce and balance in the state right before the block of c.slot.
    function _accountBefore(
        InclusionCommitment calldata c,
        bytes calldata header,
        bytes calldata parentHeader,
        bytes[] calldata accountProof
    ) internal view returns (uint256 nonce, uint256 balance) {
        Memory.Slice[] memory h = _header(header);
        uint256 ts = h[11].readUint256();
        if (ts != slotTime(c.slot)) revert WrongSlotTime(ts, slotTime(c.slot));
        bytes32 parentHash = h[0].readBytes32();
        if (keccak256(parentHeader) != parentHash) revert NotParent(keccak256(parentHeader), parentHash);
        bytes32 stateRoot = RLP.decodeList(parentHeader)[3].readBytes32();
        bytes memory account =
            TrieProof.traverse(stateRoot, abi.encodePacked(keccak256(abi.encodePacked(c.sender))), accountProof);
        Memory.Slice[] memory a = account.decodeList();
        return (a[0].readUint256(), a[1].readUint256());
    }

    /// @notice The max cost of a transaction in its canonical encoding (legacy, EIP-2930, 1559,
    /// 4844 without its blobs, 7702): value + gas × gas price or max fee, plus for blob txs
    /// 131,072 × blobs × max blob fee. A cost beyond 2^256 − 1 saturates there.
    function txCost(bytes calldata raw) public pure returns (uint256) {
        (uint8 typ,, Memory.Slice[] memory f) = _txFields(raw);
        return _costOf(typ, f);
    }

    /// @dev The type (0xc0 and above: legacy) and the list items of a tx in canonical
    /// encoding, decoded from a memory copy (body) of the RLP list; refuses unknown shapes.
    function _txFields(bytes calldata raw)
        internal
        pure
        returns (uint8 typ, Memory.Slice body, Memory.Slice[] memory f)
    {
        if (raw.length == 0) revert BadTx();
        typ = uint8(raw[0]);
        body = Memory.asSlice(typ >= 0xc0 ? raw : raw[1:]);
        f = body.readList();
        uint256 n = f.length;
        if (
            (typ >= 0xc0 && n == 9) || (typ == 1 && n == 11) || (typ == 2 && n == 12) || (typ == 3 && n == 14)
                || (typ == 4 && n == 13)
        ) return (typ, body, f);
        revert BadTx();
    }

    /// @dev The max cost of a tx from its type and items (see txCost).
    function _costOf(uint8 typ, Memory.Slice[] memory f) internal pure returns (uint256) {
        if (typ >= 0xc0) return _cost(f[2].readUint256(), f[1].readUint256(), f[4].readUint256(), 0);
        if (typ == 1) return _cost(f[3].readUint256(), f[2].readUint256(), f[5].readUint256(), 0);
        if (typ == 3) {
            uint256 blobGas = 131_072 * f[10].readList().length;
            return _cost(f[4].readUint256(), f[3].readUint256(), f[6].readUint256(), _mul(blobGas, f[9].readUint256()));
        }
        return _cost(f[4].readUint256(), f[3].readUint256(), f[6].readUint256(), 0);
    }

    /// @notice L2 defence: the shared batch the committer posted in c.slot and a Merkle proof
    /// of c.txHash in the tx root of that batch's block for c.chainId.
    function defendL2(
        InclusionCommitment calldata c,
        RollupInbox.BlockHeader[] calldata headers,
        uint256 index,
        bytes32[] calldata proof
    ) external {
        if (c.chainId == block.chainid) revert WrongChain(c.chainId);
        (bytes32 d, Challenge storage ch) = _open(c);
        bytes32 want = inbox.batchHash(c.slot, c.committer);
        bytes32 got = keccak256(abi.encode(headers));
        if (want == bytes32(0) || got != want) revert BatchMismatch(got, want);
        if (headers[index].chainId != c.chainId) revert WrongChain(headers[index].chainId);
        if (!MerkleProof.verifyCalldata(proof, headers[index].txRoot, c.txHash)) revert NotInRoot();
        _defended(d, ch, 3);
    }

    /// @notice Slashes an undefended challenge once the defence window has passed: the
    /// penalty (or its liveness share) goes to the sender, the bond and reward to the challenger.
    function slash(InclusionCommitment calldata c) external {
        bytes32 d = digest(c);
        Challenge storage ch = challenges[d];
        if (ch.status != Status.Open) revert NotOpen(d);
        uint256 until = uint256(ch.openedAt) + defenceWindow;
        if (block.timestamp <= until) revert TooEarly(block.timestamp, until + 1);
        ch.status = Status.Slashed;

        uint256 locked = ch.locked;
        uint256 owed = _owed(c.penalty, ch.missed);
        uint256 toSender = owed < locked ? owed : locked;
        uint256 toChallenger = locked - toSender;
        claimable[c.sender] += toSender;
        claimable[ch.challenger] += toChallenger + bond;
        emit Slashed(d, ch.owner, c.sender, toSender, toChallenger);
        registry.slash(ch.owner, locked);
    }

    /// @notice Pays out what msg.sender is owed.
    function claim() external {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim();
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Accepts slashed collateral from the registry.
    receive() external payable {
        if (msg.sender != address(registry)) revert TransferFailed();
    }

    // --- internals ---

    /// @dev What a broken promise owes the sender. Penalties above 2^128 wei (more than any
    /// collateral) are capped so that the arithmetic here and in the reward cannot overflow:
    /// a signed absurd penalty must not make a promise unchallengeable.
    /// @dev gas × price + value + extra, saturating at 2^256 − 1.
    function _cost(uint256 gas, uint256 price, uint256 value, uint256 extra) internal pure returns (uint256) {
        return _add(_add(_mul(gas, price), value), extra);
    }

    function _mul(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            if (a == 0) return 0;
            uint256 c = a * b;
            return c / a == b ? c : type(uint256).max;
        }
    }

    function _add(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            uint256 c = a + b;
            return c >= a ? c : type(uint256).max;
        }
    }

    function _owed(uint256 penalty, bool missed) internal view returns (uint256) {
        if (penalty > type(uint128).max) penalty = type(uint128).max;
        return missed ? penalty * livenessBps / 10_000 : penalty;
    }

    function _open(InclusionCommitment calldata c) internal view returns (bytes32 d, Challenge storage ch) {
        d = digest(c);
        ch = challenges[d];
        if (ch.status != Status.Open) revert NotOpen(d);
        uint256 until = uint256(ch.openedAt) + defenceWindow;
        if (block.timestamp > until) revert TooLate(block.timestamp, until);
    }

    function _defended(bytes32 d, Challenge storage ch, uint8 defence) internal {
        ch.status = Status.Defended;
        claimable[ch.owner] += bond;
        emit ChallengeDefended(d, ch.owner, defence);
        registry.release(ch.owner, ch.locked);
    }

    /// @dev Decodes a block header and checks its hash against the chain's history.
    function _header(bytes calldata header) internal view returns (Memory.Slice[] memory h) {
        h = RLP.decodeList(header);
        uint256 number = h[8].readUint256();
        if (_blockHash(number) != keccak256(header)) revert UnknownBlock(number);
    }

    function _blockHash(uint256 number) internal view returns (bytes32 h) {
        h = blockhash(number);
        if (h != bytes32(0) || number >= block.number) return h;
        (bool ok, bytes memory out) = HISTORY.staticcall(abi.encode(number));
        if (ok && out.length == 32) h = abi.decode(out, (bytes32));
    }

    /// @dev Whether an L1 block has timestamp t, by the EIP-4788 beacon roots ring buffer.
    function _blockAt(uint256 t) internal view returns (bool) {
        (bool ok, bytes memory out) = BEACON_ROOTS.staticcall(abi.encode(t));
        return ok && out.length == 32;
    }

    /// @dev RLP encoding of an unsigned integer, the transactions-trie key of an index.
    function _rlpUint(uint256 x) internal pure returns (bytes memory) {
        if (x == 0) return hex"80";
        if (x < 0x80) return abi.encodePacked(uint8(x));
        bytes memory b = abi.encodePacked(x);
        uint256 i = 0;
        while (b[i] == 0) i++;
        bytes memory out = new bytes(33 - i);
        out[0] = bytes1(uint8(0x80 + 32 - i));
        for (uint256 j = 1; j < out.length; j++) {
            out[j] = b[i + j - 1];
        }
        return out;
    }
}
