// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseTest} from "./Base.sol";
import {PreconfSlasher} from "../src/PreconfSlasher.sol";
import {Registry} from "../src/Registry.sol";
import {RollupInbox} from "../src/RollupInbox.sol";
import {TrieProof} from "@openzeppelin/contracts/utils/cryptography/TrieProof.sol";

contract PreconfSlasherTest is BaseTest {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    // --- promises: the same digest and signature as Go ---

    function test_digestMatchesGo() public view {
        string[3] memory keys = [".included", ".missing", ".void"];
        for (uint256 i = 0; i < keys.length; i++) {
            (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(keys[i]);
            assertEq(slasher.digest(c), vm.parseJsonBytes32(fx, string.concat(keys[i], ".digest")), keys[i]);
        }
    }

    function test_verifyAcceptsGoSignature() public view {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        (bytes32 d, address o) = slasher.verify(c, sig);
        assertEq(o, owner, "operator");
        assertEq(d, vm.parseJsonBytes32(fx, ".included.digest"), "digest");
    }

    function test_verifyRejectsHighS() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        bytes32 r;
        bytes32 s;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
        }
        uint8 v = uint8(sig[64]);
        bytes memory malleable = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        // The same point with the other s recovers the committer under plain ecrecover...
        assertEq(ecrecover(slasher.digest(c), uint8(malleable[64]), r, bytes32(SECP256K1_N - uint256(s))), committer, "malleable");
        // ...and the slasher still refuses it.
        vm.expectRevert(PreconfSlasher.BadSignature.selector);
        slasher.verify(c, malleable);
    }

    function test_verifyRejectsOtherSigner() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".included");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xbad, slasher.digest(c));
        vm.expectRevert(PreconfSlasher.BadSignature.selector);
        slasher.verify(c, abi.encodePacked(r, s, v));
        // A key that signs its own address as committer is not registered.
        c.committer = vm.addr(0xbad);
        (v, r, s) = vm.sign(0xbad, slasher.digest(c));
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.UnknownCommitter.selector, c.committer));
        slasher.verify(c, abi.encodePacked(r, s, v));
    }

    function test_verifyRejectsChangedPromise() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        c.penalty += 1;
        vm.expectRevert(PreconfSlasher.BadSignature.selector);
        slasher.verify(c, sig);
    }

    // --- opening a challenge ---

    function test_openWindow() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".missing");
        uint256 t = slasher.slotTime(c.slot);
        vm.warp(t + FINALITY - 1);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.TooEarly.selector, t + FINALITY - 1, t + FINALITY));
        slasher.openChallenge{value: BOND}(c, sig);

        vm.warp(t + FINALITY + CHALLENGE_WINDOW + 1);
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(
                PreconfSlasher.TooLate.selector, t + FINALITY + CHALLENGE_WINDOW + 1, t + FINALITY + CHALLENGE_WINDOW
            )
        );
        slasher.openChallenge{value: BOND}(c, sig);

        vm.warp(t + FINALITY + CHALLENGE_WINDOW);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.BadBond.selector, 0.5 ether, BOND));
        slasher.openChallenge{value: 0.5 ether}(c, sig);

        bytes32 d = open(c, sig);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.AlreadyChallenged.selector, d));
        slasher.openChallenge{value: BOND}(c, sig);
    }

    function test_openLocksPenaltyAndReward() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".missing");
        warpToChallenge(c.slot);
        open(c, sig);
        uint256 want = c.penalty + c.penalty / 10;
        assertEq(registry.freeCollateral(owner), 2 ether - want, "free collateral");
    }

    function test_openRejectsUnknownChain() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        c.chainId = 424242;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.UnknownChain.selector, 424242));
        slasher.openChallenge{value: BOND}(c, sig);
    }

    function test_promisesAfterNoticeAreNotBacked() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        vm.warp(slasher.slotTime(c.slot) - 800);
        vm.prank(owner);
        registry.requestUnregistration();
        // c.slot starts 800 s after the request, beyond the 768 s notice.
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NotBacked.selector, c.slot));
        slasher.openChallenge{value: BOND}(c, sig);
        // A promise for a slot within the notice is still backed.
        c.slot -= 10;
        sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
    }

    // --- L1 defence ---

    function defendL1(PreconfSlasher.InclusionCommitment memory c) internal {
        slasher.defendL1(
            c,
            vm.parseJsonBytes(fx, ".header"),
            vm.parseJsonUint(fx, ".txIndex"),
            vm.parseJsonBytesArray(fx, ".txProof")
        );
    }

    function test_defendL1WithRealBlock() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        vm.warp(block.timestamp + DEFENCE_WINDOW);
        defendL1(c);
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
        assertEq(slasher.claimable(owner), BOND, "bond goes to the operator");
        assertEq(registry.freeCollateral(owner), 2 ether, "collateral released");
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NotOpen.selector, d));
        slasher.slash(c);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.AlreadyChallenged.selector, d));
        slasher.openChallenge{value: BOND}(c, sig);
    }

    function test_defendL1RejectsOtherTx() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".missing");
        warpToChallenge(c.slot);
        open(c, sig);
        vm.expectRevert(
            abi.encodeWithSelector(
                PreconfSlasher.TxMismatch.selector, vm.parseJsonBytes32(fx, ".included.txHash"), c.txHash
            )
        );
        defendL1(c);
    }

    function test_defendL1RejectsAnotherSlotsBlock() public {
        // The tx is in the fixture block, but the promise named the next slot.
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".included");
        c.slot += 1;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.WrongSlotTime.selector, blockTime, blockTime + 12));
        defendL1(c);
    }

    function test_defendL1RejectsUnknownHeader() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        warpToChallenge(c.slot);
        open(c, sig);
        // Forget the block hash: the history contract no longer vouches for the header.
        vm.store(slasher.HISTORY(), bytes32(vm.parseJsonUint(fx, ".blockNumber") % 8191), bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.UnknownBlock.selector, vm.parseJsonUint(fx, ".blockNumber")));
        defendL1(c);
    }

    function test_defendL1RejectsTamperedProof() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        warpToChallenge(c.slot);
        open(c, sig);
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".txProof");
        bytes memory last = proof[proof.length - 1];
        last[last.length - 1] ^= 0x01;
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        uint256 idx = vm.parseJsonUint(fx, ".txIndex");
        vm.expectRevert();
        slasher.defendL1(c, header, idx, proof);
    }

    function test_defendAfterWindowFails() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        warpToChallenge(c.slot);
        open(c, sig);
        uint256 until = block.timestamp + DEFENCE_WINDOW;
        vm.warp(until + 1);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.TooLate.selector, until + 1, until));
        defendL1(c);
    }

    /// Any bytes offered as the header or the proof leave the challenge open.
    function testFuzz_defendL1RejectsGarbage(bytes calldata header, bytes calldata node) public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".included");
        bytes memory sig = vm.parseJsonBytes(fx, ".included.signature");
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        bytes[] memory proof = new bytes[](1);
        proof[0] = node;
        try slasher.defendL1(c, header, 13, proof) {
            revert("garbage defended a promise");
        } catch {}
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Open, "state changed");
    }

    /// A proof with any one byte changed no longer proves the tx.
    function testFuzz_defendL1RejectsFlippedByte(uint256 which, uint256 at, uint8 flip) public {
        vm.assume(flip != 0);
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".included");
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".txProof");
        bytes memory node = proof[which % proof.length];
        node[at % node.length] ^= bytes1(flip);
        try slasher.defendL1(c, vm.parseJsonBytes(fx, ".header"), 13, proof) {
            revert("tampered proof defended a promise");
        } catch {}
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Open, "state changed");
    }

    // --- slashing: safety and liveness ---

    function test_slashSafetyFault() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".missing");
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.TooEarly.selector, block.timestamp, block.timestamp + DEFENCE_WINDOW + 1)
        );
        slasher.slash(c);

        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        slasher.slash(c);
        uint256 reward = c.penalty / 10;
        assertEq(slasher.claimable(c.sender), c.penalty, "sender gets the penalty");
        assertEq(slasher.claimable(challenger), BOND + reward, "challenger gets bond and reward");
        (, uint256 collateral, uint256 locked,) = registry.operatorOfCommitter(committer);
        assertEq(collateral, 2 ether - c.penalty - reward, "collateral taken");
        assertEq(locked, 0, "nothing locked");
        assertEq(address(slasher).balance, BOND + c.penalty + reward, "slasher holds the payouts");

        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NotOpen.selector, d));
        slasher.slash(c);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.AlreadyChallenged.selector, d));
        slasher.openChallenge{value: BOND}(c, sig);

        uint256 before = c.sender.balance;
        vm.prank(c.sender);
        slasher.claim();
        assertEq(c.sender.balance - before, c.penalty, "sender paid");
        vm.prank(c.sender);
        vm.expectRevert(PreconfSlasher.NothingToClaim.selector);
        slasher.claim();
    }

    function test_slashLivenessFaultForMissedSlot() public {
        // No block has the timestamp of slot+2: the beacon roots contract has no entry for it.
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        c.slot += 2;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        (,,, bool missed,,) = slasher.challenges(d);
        require(missed, "missed slot not seen");
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        slasher.slash(c);
        uint256 owed = c.penalty * 2000 / 10_000;
        assertEq(slasher.claimable(c.sender), owed, "liveness share");
        assertEq(slasher.claimable(challenger), BOND + owed / 10, "bond and reward");
    }

    function test_slashCappedByCollateral() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        c.penalty = 10 ether;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        slasher.slash(c);
        assertEq(slasher.claimable(c.sender), 2 ether, "all the collateral, to the sender first");
        assertEq(slasher.claimable(challenger), BOND, "bond back");
    }

    function test_absurdPenaltyStillSlashes() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        c.penalty = type(uint256).max;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        vm.warp(block.timestamp + DEFENCE_WINDOW + 1);
        slasher.slash(c);
        assertEq(slasher.claimable(c.sender), 2 ether, "the whole collateral");
    }

    // --- void defence ---

    function test_defendVoidWithAccountProof() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(".void");
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        slasher.defendVoid(c, vm.parseJsonBytes(fx, ".header"), vm.parseJsonBytesArray(fx, ".accountProof"));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
    }

    function test_defendVoidRejectsUnspentNonce() public {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".void");
        c.nonce = uint64(vm.parseJsonUint(fx, ".accountNonce"));
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".accountProof");
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NonceNotSpent.selector, c.nonce, c.nonce));
        slasher.defendVoid(c, header, proof);
    }

    function test_defendVoidRejectsStateOfTheSlotItself() public {
        // The fixture block is the slot's own block: its state is after the slot, not before.
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".void");
        c.slot = slot;
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".accountProof");
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.WrongSlotTime.selector, blockTime, blockTime));
        slasher.defendVoid(c, header, proof);
    }

    // --- balance defence ---

    function costTx(uint256 i) internal view returns (bytes memory raw, uint256 cost) {
        string memory k = string.concat(".costTxs[", string(abi.encodePacked(bytes1(uint8(48 + i)))), "]");
        raw = vm.parseJsonBytes(fx, string.concat(k, ".raw"));
        cost = vm.parseJsonUint(fx, string.concat(k, ".cost"));
    }

    function test_txCostMatchesGo() public view {
        // Legacy, EIP-2930, 4844 (two blobs), 7702 and 1559: the cost go-ethereum computes.
        for (uint256 i = 0; i < 5; i++) {
            (bytes memory raw, uint256 cost) = costTx(i);
            assertEq(slasher.txCost(raw), cost, "tx cost differs from go-ethereum's");
        }
    }

    function test_txCostRejectsGarbage() public {
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txCost(hex"05c0");
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txCost(hex"02c3010203");
    }

    function balancePromise(uint256 i) internal view returns (PreconfSlasher.InclusionCommitment memory c, bytes memory raw) {
        (raw,) = costTx(i);
        (c,) = loadPromise(".missing");
        c.txHash = keccak256(raw);
    }

    function test_defendBalanceWithParentState() public {
        // The sender's balance before the slot's block is below the promised tx's max cost.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw) = balancePromise(4);
        warpToChallenge(c.slot);
        bytes32 d = open(c, signed(c));
        slasher.defendBalance(
            c,
            vm.parseJsonBytes(fx, ".header"),
            vm.parseJsonBytes(fx, ".parentHeader"),
            vm.parseJsonBytesArray(fx, ".parentAccountProof"),
            raw
        );
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
    }

    function test_defendBalanceRejectsAffordableTx() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw) = balancePromise(0);
        (, uint256 cost) = costTx(0);
        warpToChallenge(c.slot);
        open(c, signed(c));
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes memory parent = vm.parseJsonBytes(fx, ".parentHeader");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".parentAccountProof");
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.BalanceCovers.selector, vm.parseJsonUint(fx, ".parentBalance"), cost)
        );
        slasher.defendBalance(c, header, parent, proof, raw);
    }

    function test_defendBalanceRejectsOtherTx() public {
        // The tx must be the promised one: another, costlier tx of the sender does not count.
        (PreconfSlasher.InclusionCommitment memory c,) = balancePromise(0);
        (bytes memory other,) = costTx(4);
        warpToChallenge(c.slot);
        open(c, signed(c));
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes memory parent = vm.parseJsonBytes(fx, ".parentHeader");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".parentAccountProof");
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.TxMismatch.selector, keccak256(other), c.txHash));
        slasher.defendBalance(c, header, parent, proof, other);
    }

    function test_defendBalanceNeedsTheSlotsBlockAndItsParent() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw) = balancePromise(4);
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes memory parent = vm.parseJsonBytes(fx, ".parentHeader");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".parentAccountProof");
        // Another slot: the block is not that slot's.
        c.slot = slot + 1;
        warpToChallenge(c.slot);
        open(c, signed(c));
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.WrongSlotTime.selector, blockTime, slasher.slotTime(c.slot)));
        slasher.defendBalance(c, header, parent, proof, raw);
        // The slot's block with a header that is not its parent (the block itself).
        (c,) = balancePromise(4);
        open(c, signed(c));
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NotParent.selector, keccak256(header), bytes32(slice32(header, 4))));
        slasher.defendBalance(c, header, header, proof, raw);
    }

    function slice32(bytes memory b, uint256 offset) internal pure returns (bytes32 out) {
        assembly {
            out := mload(add(add(b, 32), offset))
        }
    }

    // --- balance defence counting the sender's earlier promises of the slot ---

    function runTx(string memory key) internal view returns (bytes memory raw, uint256 cost) {
        raw = vm.parseJsonBytes(fx, string.concat(".run.", key, ".raw"));
        cost = vm.parseJsonUint(fx, string.concat(".run.", key, ".cost"));
    }

    function runTxAt(uint256 i) internal view returns (bytes memory raw, uint256 cost) {
        return runTx(string.concat("txs[", string(abi.encodePacked(bytes1(uint8(48 + i)))), "]"));
    }

    /// @dev The operator's promise of raw in the fixture slot, signed by the test committer.
    function promised(bytes memory raw) internal view returns (PreconfSlasher.Promised memory p) {
        (PreconfSlasher.InclusionCommitment memory c,) = loadPromise(".missing");
        (uint256 nonce,,) = slasher.txSender(raw);
        c.txHash = keccak256(raw);
        c.nonce = uint64(nonce);
        c.seq = uint64(10 + nonce);
        p = PreconfSlasher.Promised({commitment: c, signature: signed(c), rawTx: raw});
    }

    /// @dev The earlier promises of run txs from..to-1.
    function earlierRun(uint256 from, uint256 to) internal view returns (PreconfSlasher.Promised[] memory ps) {
        ps = new PreconfSlasher.Promised[](to - from);
        for (uint256 i = from; i < to; i++) {
            (bytes memory raw,) = runTxAt(i);
            ps[i - from] = promised(raw);
        }
    }

    /// @dev Opens a challenge against the promise of the run's tx key; returns it and its tx.
    function openRun(string memory key)
        internal
        returns (PreconfSlasher.InclusionCommitment memory c, bytes memory raw, bytes32 d)
    {
        (raw,) = runTx(key);
        c = promised(raw).commitment;
        warpToChallenge(c.slot);
        d = open(c, signed(c));
    }

    function defendRun(PreconfSlasher.InclusionCommitment memory c, bytes memory raw, PreconfSlasher.Promised[] memory e)
        internal
    {
        slasher.defendBalanceRun(
            c,
            vm.parseJsonBytes(fx, ".header"),
            vm.parseJsonBytes(fx, ".parentHeader"),
            vm.parseJsonBytesArray(fx, ".parentAccountProof"),
            raw,
            e
        );
    }

    function test_txSenderMatchesGo() public view {
        // Every type, as go-ethereum signs and prices it: the run's EIP-155 legacy, 2930, 4844
        // and 7702 txs, its challenged 1559 ones, the cost txs (nonce 20) and another key's tx.
        address sender = vm.parseJsonAddress(fx, ".included.sender");
        string[4] memory keys = ["afterOne", "afterThree", "afterAll", "covered"];
        for (uint256 i = 0; i < 4; i++) {
            (bytes memory raw, uint256 cost) = runTxAt(i);
            (uint256 n, uint256 got, address from) = slasher.txSender(raw);
            assertEq(from, sender, "run tx sender");
            assertEq(n, i, "run tx nonce");
            assertEq(got, cost, "run tx cost");
            (raw, cost) = runTx(keys[i]);
            (, got, from) = slasher.txSender(raw);
            assertEq(from, sender, keys[i]);
            assertEq(got, cost, keys[i]);
        }
        for (uint256 i = 0; i < 5; i++) {
            (bytes memory raw, uint256 cost) = costTx(i);
            (uint256 n, uint256 got, address from) = slasher.txSender(raw);
            assertEq(from, sender, "cost tx sender");
            assertEq(n, 20, "cost tx nonce");
            assertEq(got, cost, "cost tx cost");
        }
        (bytes memory other,) = runTx("other");
        (, , address otherFrom) = slasher.txSender(other);
        assertEq(otherFrom, vm.parseJsonAddress(fx, ".run.otherSender"), "other sender");
    }

    function test_txSenderRejectsBadSignatures() public {
        // A typed tx (2930): y parity, r and s are its last three items, r and s 32 bytes each.
        (bytes memory raw,) = runTxAt(1);
        uint256 n = raw.length;
        bytes32 s;
        assembly {
            s := mload(add(raw, n))
        }
        bytes memory high = bytes.concat(raw);
        assembly {
            mstore(add(high, n), sub(SECP256K1_N, s))
        }
        high[n - 67] = raw[n - 67] == 0x80 ? bytes1(0x01) : bytes1(0x80); // the other parity
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txSender(high);
        bytes memory parity = bytes.concat(raw);
        parity[n - 67] = 0x02;
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txSender(parity);
        // EIP-155 legacy: v = 2 × chainId + 35 + parity, here two bytes before r.
        (raw,) = runTxAt(0);
        n = raw.length;
        bytes memory v = bytes.concat(raw);
        v[n - 67] = bytes1(uint8(v[n - 67]) + 2); // chain id + 1
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txSender(v);
        // A tx signed for another chain.
        vm.chainId(1);
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        slasher.txSender(raw);
    }

    /// A real signed tx of each type with any one byte changed never recovers its sender
    /// (it reverts, or recovers another account): no forged tx passes as the sender's.
    function testFuzz_txSenderRejectsFlippedByte(uint256 which, uint256 pos, uint8 flip) public view {
        vm.assume(flip != 0);
        (bytes memory raw,) = runTxAt(which % 4);
        bytes memory bad = bytes.concat(raw);
        bad[pos % bad.length] ^= bytes1(flip);
        try slasher.txSender(bad) returns (uint256, uint256, address from) {
            require(from != vm.parseJsonAddress(fx, ".included.sender"), "a changed tx recovers the sender");
        } catch {}
    }

    function test_defendBalanceRunAfterReplacedPromise() public {
        // Promises for nonces k, k+1, k+2; the sender replaced k in an earlier block, leaving
        // the balance enough for k+2 alone (run.afterOne) but not after k+1 (run tx 0), whose
        // nonce is the account's in the parent state. defendBalance alone refuses.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw, bytes32 d) = openRun("afterOne");
        (, uint256 cost) = runTx("afterOne");
        bytes memory header = vm.parseJsonBytes(fx, ".header");
        bytes memory parent = vm.parseJsonBytes(fx, ".parentHeader");
        bytes[] memory proof = vm.parseJsonBytesArray(fx, ".parentAccountProof");
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.BalanceCovers.selector, vm.parseJsonUint(fx, ".parentBalance"), cost)
        );
        slasher.defendBalance(c, header, parent, proof, raw);
        defendRun(c, raw, earlierRun(0, 1));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
        assertEq(slasher.claimable(owner), BOND, "bond goes to the operator");
    }

    function test_defendBalanceRunThreeEarlier() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw, bytes32 d) = openRun("afterThree");
        defendRun(c, raw, earlierRun(0, 3));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
    }

    function test_defendBalanceRunFourEarlier() public {
        // One earlier tx of each type: EIP-155 legacy, 2930, 4844, 7702.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw, bytes32 d) = openRun("afterAll");
        defendRun(c, raw, earlierRun(0, 4));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
    }

    function test_defendBalanceRunWithoutEarlierIsDefendBalance() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw) = balancePromise(4);
        warpToChallenge(c.slot);
        bytes32 d = open(c, signed(c));
        defendRun(c, raw, new PreconfSlasher.Promised[](0));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
        (c, raw) = balancePromise(0);
        open(c, signed(c));
        (, uint256 cost) = costTx(0);
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.BalanceCovers.selector, vm.parseJsonUint(fx, ".parentBalance"), cost)
        );
        defendRun(c, raw, new PreconfSlasher.Promised[](0));
    }

    function test_defendBalanceRunRejectsCoveringBalance() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("covered");
        (, uint256 total) = runTx("covered");
        for (uint256 i = 0; i < 4; i++) {
            (, uint256 ci) = runTxAt(i);
            total += ci;
        }
        PreconfSlasher.Promised[] memory e = earlierRun(0, 4);
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.BalanceCovers.selector, vm.parseJsonUint(fx, ".parentBalance"), total)
        );
        defendRun(c, raw, e);
    }

    function test_defendBalanceRunRejectsAnotherSendersTx() public {
        // Another account's tx at nonce 1, promised as if the sender's: its signature says otherwise.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("afterAll");
        PreconfSlasher.Promised[] memory e = earlierRun(0, 4);
        (bytes memory other,) = runTx("other");
        e[1] = promised(other);
        vm.expectRevert(
            abi.encodeWithSelector(PreconfSlasher.TxSender.selector, 1, vm.parseJsonAddress(fx, ".run.otherSender"))
        );
        defendRun(c, raw, e);
    }

    function test_defendBalanceRunRejectsForgedRaw() public {
        // The raw tx must be the promised one: another tx of the same nonce does not count.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("afterAll");
        PreconfSlasher.Promised[] memory e = earlierRun(0, 4);
        (bytes memory forged,) = runTx("afterOne");
        bytes32 want = e[1].commitment.txHash;
        e[1].rawTx = forged;
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.TxMismatch.selector, keccak256(forged), want));
        defendRun(c, raw, e);
    }

    function test_defendBalanceRunRejectsNonceGaps() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("afterAll");
        // A gap inside the run: nonces 0, 2, 3.
        PreconfSlasher.Promised[] memory all = earlierRun(0, 4);
        PreconfSlasher.Promised[] memory e = new PreconfSlasher.Promised[](3);
        (e[0], e[1], e[2]) = (all[0], all[2], all[3]);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NonceGap.selector, 1, 2, 1));
        defendRun(c, raw, e);
        // The first is not the account's nonce in the parent state (0).
        e = earlierRun(1, 4);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NonceGap.selector, 0, 1, 0));
        defendRun(c, raw, e);
        // The challenged tx does not follow the last one.
        e = earlierRun(0, 3);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NonceGap.selector, 3, 4, 3));
        defendRun(c, raw, e);
        // A commitment whose nonce is not its tx's.
        e = earlierRun(0, 4);
        e[2].commitment.nonce = 7;
        e[2].signature = signed(e[2].commitment);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NonceGap.selector, 2, 2, 7));
        defendRun(c, raw, e);
    }

    function test_defendBalanceRunRejectsOtherPromises() public {
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("afterAll");
        PreconfSlasher.Promised[] memory e = earlierRun(0, 4);
        // Signed by a key other than the committer.
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xbad, slasher.digest(e[0].commitment));
        e[0].signature = abi.encodePacked(r, s, v);
        vm.expectRevert(PreconfSlasher.BadSignature.selector);
        defendRun(c, raw, e);
        // Another committer, another slot, another chain, another sender.
        for (uint256 k = 0; k < 4; k++) {
            e = earlierRun(0, 4);
            PreconfSlasher.InclusionCommitment memory p = e[3].commitment;
            if (k == 0) p.committer = vm.addr(0xbad);
            if (k == 1) p.slot += 1;
            if (k == 2) p.chainId = 167_001;
            if (k == 3) p.sender = address(0xbeef);
            e[3].commitment = p;
            e[3].signature = k == 0 ? sign(0xbad, p) : signed(p);
            vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.NotSameRun.selector, 3));
            defendRun(c, raw, e);
        }
    }

    function test_defendBalanceRunRejectsBadTxSignature() public {
        // The 2930 tx of the run with its s replaced by n − s (and the parity flipped): plain
        // ecrecover gives the same sender, the slasher refuses the high s.
        (PreconfSlasher.InclusionCommitment memory c, bytes memory raw,) = openRun("afterAll");
        PreconfSlasher.Promised[] memory e = earlierRun(0, 4);
        bytes memory high = bytes.concat(e[1].rawTx);
        uint256 n = high.length;
        bytes32 s;
        assembly {
            s := mload(add(high, n))
            mstore(add(high, n), sub(SECP256K1_N, s))
        }
        high[n - 67] = high[n - 67] == 0x80 ? bytes1(0x01) : bytes1(0x80);
        e[1].commitment.txHash = keccak256(high);
        e[1].signature = signed(e[1].commitment);
        e[1].rawTx = high;
        vm.expectRevert(PreconfSlasher.BadTx.selector);
        defendRun(c, raw, e);
    }

    function sign(uint256 k, PreconfSlasher.InclusionCommitment memory p) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(k, slasher.digest(p));
        return abi.encodePacked(r, s, v);
    }

    // --- L2 defence ---

    uint256 internal constant ROLLUP = 167_001;

    function postBatch(bytes32[] memory txs) internal returns (RollupInbox.BlockHeader[] memory headers) {
        inbox.registerRollup(ROLLUP, "cfg");
        inbox.registerRollup(ROLLUP + 1, "cfg");
        headers = new RollupInbox.BlockHeader[](2);
        headers[0] = RollupInbox.BlockHeader({chainId: ROLLUP + 1, txRoot: bytes32(uint256(7)), txCount: 1, parentHash: 0});
        headers[1] = RollupInbox.BlockHeader({chainId: ROLLUP, txRoot: merkleRoot(txs), txCount: uint32(txs.length), parentHash: 0});
        vm.warp(slasher.slotTime(slot));
        vm.prank(committer);
        inbox.proposeBatch(headers, "txs");
    }

    function l2Promise(bytes32 txHash) internal view returns (PreconfSlasher.InclusionCommitment memory c) {
        (c,) = loadPromise(".missing");
        c.chainId = ROLLUP;
        c.txHash = txHash;
    }

    function test_defendL2WithPostedBatch() public {
        bytes32[] memory txs = new bytes32[](5);
        for (uint256 i = 0; i < txs.length; i++) {
            txs[i] = keccak256(abi.encode("l2 tx", i));
        }
        RollupInbox.BlockHeader[] memory headers = postBatch(txs);
        PreconfSlasher.InclusionCommitment memory c = l2Promise(txs[3]);
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        bytes32 d = open(c, sig);
        slasher.defendL2(c, headers, 1, merkleProof(txs, 3));
        (,, PreconfSlasher.Status status,,,) = slasher.challenges(d);
        require(status == PreconfSlasher.Status.Defended, "not defended");
    }

    function test_defendL2RejectsOtherRollupOrTx() public {
        bytes32[] memory txs = new bytes32[](4);
        for (uint256 i = 0; i < txs.length; i++) {
            txs[i] = keccak256(abi.encode("l2 tx", i));
        }
        RollupInbox.BlockHeader[] memory headers = postBatch(txs);
        PreconfSlasher.InclusionCommitment memory c = l2Promise(keccak256("not in the block"));
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        bytes32[] memory proof = merkleProof(txs, 2);
        vm.expectRevert(PreconfSlasher.NotInRoot.selector);
        slasher.defendL2(c, headers, 1, proof);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.WrongChain.selector, ROLLUP + 1));
        slasher.defendL2(c, headers, 0, proof);
        headers[1].txCount += 1;
        vm.expectRevert();
        slasher.defendL2(c, headers, 1, proof);
    }

    function test_defendL2NeedsTheCommittersBatch() public {
        bytes32[] memory txs = new bytes32[](2);
        txs[0] = keccak256("a");
        txs[1] = keccak256("b");
        inbox.registerRollup(ROLLUP, "cfg");
        RollupInbox.BlockHeader[] memory headers = new RollupInbox.BlockHeader[](1);
        headers[0] = RollupInbox.BlockHeader({chainId: ROLLUP, txRoot: merkleRoot(txs), txCount: 2, parentHash: 0});
        vm.warp(slasher.slotTime(slot));
        inbox.proposeBatch(headers, ""); // posted by someone else
        PreconfSlasher.InclusionCommitment memory c = l2Promise(txs[0]);
        bytes memory sig = signed(c);
        warpToChallenge(c.slot);
        open(c, sig);
        bytes32[] memory proof = merkleProof(txs, 0);
        vm.expectRevert(abi.encodeWithSelector(PreconfSlasher.BatchMismatch.selector, keccak256(abi.encode(headers)), bytes32(0)));
        slasher.defendL2(c, headers, 0, proof);
    }

    // Sorted-pair keccak256 Merkle tree (OpenZeppelin MerkleProof); an odd node moves up as is.
    function merkleRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i = 0; i < next.length; i++) {
                next[i] = 2 * i + 1 < level.length ? hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            level = next;
        }
        return level[0];
    }

    function merkleProof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory level = leaves;
        bytes32[] memory buf = new bytes32[](32);
        uint256 n;
        while (level.length > 1) {
            uint256 sib = index ^ 1;
            if (sib < level.length) buf[n++] = level[sib];
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i = 0; i < next.length; i++) {
                next[i] = 2 * i + 1 < level.length ? hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            level = next;
            index /= 2;
        }
        proof = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            proof[i] = buf[i];
        }
    }

    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }
}
